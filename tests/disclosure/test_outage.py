"""Nothing typed is lost: when the database refuses writes or the attachment store cannot be
written, the application form comes back (503) with every field and a Chinese message, nothing
is stored, and the same form goes through once the outage is over."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from disclosure.models import DisclosureRequest
from tests.support.outage import read_only_database, unwritable_directory

from .test_public import PNG, form_data

pytestmark = pytest.mark.django_db

TYPED_DESCRIPTION = "请公开2025年度本局行政事业性收费项目清单及其依据文件"


def _assert_form_came_back(response, *, mentions_attachment: bool) -> None:
    assert response.status_code == 503
    page = response.content.decode()
    assert "系统暂时无法保存您的提交" in page
    assert "您填写的内容已保留" in page
    assert ("请重新选择" in page) is mentions_attachment
    assert 'value="张三"' in page
    assert TYPED_DESCRIPTION in page
    assert 'value="13800138000"' in page
    assert 'value="zhangsan@example.com"' in page


def test_read_only_database_returns_the_form_with_everything_typed(client):
    data = form_data(description=TYPED_DESCRIPTION)
    client.get("/disclosure/apply/")  # the applicant opened the form while all was well
    with read_only_database():
        response = client.post("/disclosure/apply/", data)
    _assert_form_came_back(response, mentions_attachment=False)
    assert DisclosureRequest.objects.count() == 0
    # The page carried the same submission token back: sending it again files exactly once.
    assert data["submission_token"] in response.content.decode()
    assert client.post("/disclosure/apply/", data).status_code == 302
    assert DisclosureRequest.objects.count() == 1


def test_unwritable_attachment_store_returns_the_form_and_stores_nothing(
    client, settings, tmp_path
):
    settings.DISCLOSURE_PRIVATE_ROOT = unwritable_directory(tmp_path)
    upload = SimpleUploadedFile("申请书.png", PNG, content_type="image/png")
    response = client.post(
        "/disclosure/apply/", {**form_data(description=TYPED_DESCRIPTION), "attachment": upload}
    )
    _assert_form_came_back(response, mentions_attachment=True)
    assert DisclosureRequest.objects.count() == 0
