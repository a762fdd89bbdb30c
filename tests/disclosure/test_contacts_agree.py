"""Contacts agree everywhere: footer, 联系我们, 指南, 依申请公开 pages, 申请表, notices and e-mails
all read the one record in 机构职能, so an edit there shows everywhere and no old copy remains."""

import re
from datetime import date
from io import BytesIO

import pytest
from django.core import mail
from docx import Document

from lists.models import Unit

from .factories import RequestFactory

pytestmark = pytest.mark.django_db

PAGES = ["/", "/contact/", "/xxgk/guide/", "/xxgk/apply/", "/disclosure/apply/"]
OFFICE_PAGES = PAGES[1:]
PHONE = re.compile(r"010-\d{8}")


@pytest.fixture
def units(db):
    agency = Unit.objects.create(
        name="国家税务总局",
        address="北京市海淀区羊坊店西路5号",
        postcode="100038",
        phone="010-10000001",
        office_hours="工作日 8:30—17:00",
        is_agency=True,
        sort_order=1,
    )
    office = Unit.objects.create(
        name="办公厅",
        address="北京市海淀区羊坊店西路5号办公厅",
        postcode="100038",
        phone="010-20000002",
        fax="010-30000003",
        office_hours="工作日 9:00—16:00",
        is_disclosure_office=True,
        sort_order=2,
    )
    return agency, office


def _footer(html: str) -> str:
    return html[html.index('<footer class="site-footer">') :]


def _form_text(client) -> str:
    document = Document(BytesIO(client.get("/disclosure/application-form.docx").content))
    return "\n".join(p.text for p in document.paragraphs)


def test_every_page_shows_the_recorded_contacts_and_no_other(client, site_tree, units):
    agency, office = units
    recorded = {agency.phone, office.phone, office.fax}
    for path in PAGES:
        html = client.get(path).content.decode()
        footer = _footer(html)
        assert agency.phone in footer and agency.address in footer, path
        assert set(PHONE.findall(html)) <= recorded, path
    for path in OFFICE_PAGES:
        html = client.get(path).content.decode()
        main = html[: html.index('<footer class="site-footer">')]
        assert office.name in main and office.phone in main and office.address in main, path
    guide = client.get("/xxgk/guide/").content.decode()
    assert office.fax in guide and office.office_hours in guide
    form = _form_text(client)
    assert office.phone in form and office.fax in form and office.address in form


def test_an_edit_in_units_reaches_every_page_notice_and_mail(
    client, site_tree, units, django_capture_on_commit_callbacks
):
    agency, office = units
    old_phone, old_fax = office.phone, office.fax
    office.phone, office.fax, office.name = "010-20009999", "010-30009999", "办公厅（公开办）"
    office.save()
    agency.phone = "010-10009999"
    agency.save()

    for path in PAGES:
        html = client.get(path).content.decode()
        assert old_phone not in html and old_fax not in html, path
        assert "010-10009999" in _footer(html), path
    for path in OFFICE_PAGES:
        assert "010-20009999" in client.get(path).content.decode(), path
    form = _form_text(client)
    assert "010-20009999" in form and "010-30009999" in form and old_phone not in form

    with django_capture_on_commit_callbacks(execute=True):
        request = RequestFactory(received_on=date(2026, 11, 2))
    assert "国家税务总局办公厅（公开办）" in request.notices.get().signature
    assert "联系电话：010-20009999" in mail.outbox[-1].body
