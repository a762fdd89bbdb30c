"""Nothing typed is lost: a comment that cannot be stored (database refusing writes, attachment
directory unwritable) comes back with a 503, a Chinese message and the typed text."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consultation.models import Comment
from tests.consultation.factories import ConsultationFactory, comment_data
from tests.support.outage import read_only_database, unwritable_directory

pytestmark = pytest.mark.django_db

TEXT = "建议把第三条的受理时限写明为工作日，并说明起算日期。"


def _assert_comment_came_back(response) -> None:
    assert response.status_code == 503
    page = response.content.decode()
    assert "系统暂时无法保存您的提交" in page
    assert TEXT in page
    assert 'value="张三"' in page
    assert 'value="13800138000"' in page


def test_read_only_database_keeps_the_comment_on_screen(client, column):
    page = ConsultationFactory()
    client.get(f"/consultation/{page.pk}/comment/")  # opened while all was well
    with read_only_database():
        response = client.post(f"/consultation/{page.pk}/comment/", comment_data(text=TEXT))
    _assert_comment_came_back(response)
    assert not Comment.objects.exists()


def test_unwritable_attachment_directory_keeps_the_comment_on_screen(
    client, column, settings, tmp_path
):
    page = ConsultationFactory()
    settings.CONSULTATION_PRIVATE_ROOT = unwritable_directory(tmp_path)
    upload = SimpleUploadedFile("建议.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    response = client.post(
        f"/consultation/{page.pk}/comment/", {**comment_data(text=TEXT), "attachment": upload}
    )
    _assert_comment_came_back(response)
    assert "请重新选择" in response.content.decode()
    assert not Comment.objects.exists()
