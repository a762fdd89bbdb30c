"""政府信息公开指南 and 政府信息公开制度 as a citizen reads them and staff edit them."""

from io import BytesIO, StringIO

import pytest
from docx import Document
from pypdf import PdfReader

from cms.models import StandardPage
from disclosure import rules
from disclosure.models import DisclosureGuidePage, DisclosureSystemPage
from fixtures.demo import disclosure_pages, policies
from lists.models import Unit
from policies.models import PolicyDocumentPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(db):
    Unit.objects.create(name="国家税务总局", is_agency=True, sort_order=1)
    return Unit.objects.create(
        name="办公厅",
        address="北京市海淀区羊坊店西路5号",
        postcode="100038",
        office_hours="工作日 8:30—17:00",
        phone="010-11112222",
        fax="010-33334444",
        is_disclosure_office=True,
        sort_order=2,
    )


def test_the_guide_carries_every_statutory_section(client, site_tree, office):
    guide = DisclosureGuidePage.objects.get()
    guide.proactive_scope = "<p>机构职能和政策文件</p>"
    guide.review_authority = "国家税务总局"
    guide.court = "北京市第一中级人民法院"
    guide.complaint_channel = "向本机关办公厅投诉"
    guide.application_channels = [
        ("channel", {"channel": "传真申请", "instructions": "传真申请表并电话确认"})
    ]
    guide.save_revision().publish()

    html = client.get("/xxgk/guide/").content.decode()

    for heading in ("一、主动公开", "二、依申请公开", "三、监督和救济", "（五）收费"):
        assert heading in html
    # 受理机构 from 机构职能, with postal address, hours, phone, fax and the online form.
    for contact in ("北京市海淀区羊坊店西路5号（邮编：100038）", "工作日 8:30—17:00"):
        assert contact in html
    assert "010-11112222" in html and "010-33334444" in html
    assert 'href="/disclosure/apply/"' in html
    assert "传真申请表并电话确认" in html
    # 处理期限 and 收费 from the rules, not typed.
    assert f"{rules.REPLY_DAYS}个工作日内予以答复" in html
    assert f"最长不超过{rules.MAX_EXTENSION_DAYS}个工作日" in html
    assert "国办函〔2020〕109号" in html
    assert f"{rules.FEE_FREE_REQUESTS_PER_MONTH}件以内免费" in html
    assert f"{rules.APPEAL_REVIEW_DAYS}日内向国家税务总局申请行政复议" in html
    assert "向北京市第一中级人民法院提起行政诉讼" in html
    assert "/disclosure/application-form.docx" in html
    assert "/disclosure/application-form.pdf" in html


def test_the_guide_follows_the_office_record_when_it_changes(client, site_tree, office):
    office.phone = "010-99990000"
    office.save()
    html = client.get("/xxgk/guide/").content.decode()
    assert "010-99990000" in html and "010-11112222" not in html


def test_the_guide_renders_before_any_office_is_recorded(client, site_tree):
    response = client.get("/xxgk/guide/")
    assert response.status_code == 200
    assert "联系方式尚未公布" in response.content.decode()


def test_the_application_form_downloads_in_word_with_the_online_form_choices(client, office):
    response = client.get("/disclosure/application-form.docx")
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    document = Document(BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "政府信息公开申请表" in text
    assert "受理机构：国家税务总局办公厅" in text
    assert "传真：010-33334444" in text
    for expected in ("证件号码", "统一社会信用代码", "□纸质", "□电子", "□邮寄", "签名（盖章）"):
        assert expected in cells


def test_the_application_form_downloads_as_pdf(client, office):
    response = client.get("/disclosure/application-form.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "政府信息公开申请表" in text
    assert "010-11112222" in text


def test_an_unknown_form_format_is_not_found(client):
    assert client.get("/disclosure/application-form.exe").status_code == 404


def test_the_system_column_lists_library_documents_and_rule_pages(client, site_tree):
    policies.load(StringIO())
    system = DisclosureSystemPage.objects.get()
    document = PolicyDocumentPage.objects.get(slug="sta-2014-59")
    system.documents = [("document", {"document": document, "note": "首问和转办"})]
    system.save_revision().publish()
    rule = StandardPage(title="政府信息公开保密审查办法", slug="baomi", summary="公开前审查")
    system.add_child(instance=rule)
    rule.save_revision().publish()

    html = client.get("/xxgk/system/").content.decode()
    assert document.title in html and "税总发〔2014〕59号" in html and "首问和转办" in html
    assert "政府信息公开保密审查办法" in html and "公开前审查" in html

    document.unpublish()
    html = client.get("/xxgk/system/").content.decode()
    assert document.title not in html


def test_an_empty_system_column_says_so(client, site_tree):
    assert "本栏目暂无内容" in client.get("/xxgk/system/").content.decode()


def test_demo_content_fills_guide_and_system_and_keeps_staff_edits(client, site_tree, office):
    policies.load(StringIO())
    disclosure_pages.load(StringIO())
    guide = DisclosureGuidePage.objects.get()
    guide.review_authority = "国家税务总局（工作人员修改）"
    guide.save_revision().publish()
    disclosure_pages.load(StringIO())

    guide_html = client.get("/xxgk/guide/").content.decode()
    assert "国家税务总局（工作人员修改）" in guide_html
    assert "信函申请" in guide_html
    system_html = client.get("/xxgk/system/").content.decode()
    assert "依申请公开政府信息办理规程" in system_html
    assert "2020年税务系统政务公开工作重点任务清单" in system_html
    assert DisclosureSystemPage.objects.get().get_children().count() == 3
