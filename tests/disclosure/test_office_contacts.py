"""The disclosure pages show the office's contacts from 机构职能, the one record of them."""

from datetime import date

from django.core import mail

from lists.models import Unit

from .factories import RequestFactory


def test_apply_and_column_pages_show_the_disclosure_office_from_units(client, site_tree):
    Unit.objects.create(
        name="办公厅（政府信息公开办公室）",
        address="某市某路1号",
        phone="010-12366000",
        office_hours="工作日 9:00-17:00",
        is_disclosure_office=True,
    )
    Unit.objects.create(name="纳税服务司", phone="010-99999999")

    apply_page = client.get("/disclosure/apply/").content.decode()
    column = client.get("/xxgk/apply/").content.decode()

    for html in (apply_page, column):
        assert "受理机构：办公厅（政府信息公开办公室）" in html
        assert "010-12366000" in html and "某市某路1号" in html
        assert "010-99999999" not in html


def test_disclosure_pages_render_without_an_office_record(client, site_tree):
    response = client.get("/disclosure/apply/")
    assert response.status_code == 200
    assert "受理机构" not in response.content.decode()


def test_notices_and_mails_are_signed_by_the_office_from_units(
    db, django_capture_on_commit_callbacks
):
    Unit.objects.create(name="国家税务总局", is_agency=True)
    Unit.objects.create(
        name="办公厅", phone="010-12366000", is_disclosure_office=True, address="某市某路1号"
    )
    with django_capture_on_commit_callbacks(execute=True):
        request = RequestFactory(received_on=date(2026, 11, 2))
    receipt = request.notices.get()
    assert receipt.signature == "国家税务总局办公厅"
    assert "国家税务总局办公厅" in mail.outbox[0].body
    assert "联系电话：010-12366000" in mail.outbox[0].body
