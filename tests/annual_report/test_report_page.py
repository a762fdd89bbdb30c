"""The report page: draft, checks refusing publication, public rendering, downloads, drill-down."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from annual_report.models import AnnualReportIndexPage, AnnualReportPage
from annual_report.services import ReportPublishRefused, report_create, report_generate_draft
from annual_report.workflow import ensure_report_workflow
from tests.annual_report import builders
from tests.enforcement import builders as enforcement_rows
from tests.lists.factories import UnitFactory
from tests.review import approve_review


@pytest.fixture
def requests_2025(site_tree):
    """The year's requests, and the published 第二十条 rows 表二 counts: 3 行政许可, 2 行政处罚,
    no 行政强制, one fee item of 1.5 万元 (and rows that must not count)."""
    unit = UnitFactory(name="第一稽查局")
    for day in (date(2025, 1, 2), date(2025, 6, 1), date(2025, 12, 31)):
        enforcement_rows.decision(unit, kind="XK", decided_on=day)
    enforcement_rows.decision(unit, kind="CF", decided_on=date(2025, 3, 1))
    enforcement_rows.decision(unit, kind="CF", decided_on=date(2025, 4, 1))
    enforcement_rows.decision(unit, kind="CF", decided_on=date(2024, 4, 1))
    enforcement_rows.decision(unit, kind="QZ", decided_on=date(2025, 4, 1), published=False)
    enforcement_rows.fee(year=2025, amount=Decimal("1.5"))
    return [
        builders.replied("commercial", date(2024, 12, 23), "partial", date(2025, 1, 8)),
        builders.replied("natural_person", date(2025, 3, 3), "disclose", date(2025, 3, 20)),
        builders.withdrawn("research", date(2025, 7, 1), date(2025, 7, 3)),
        builders.register("natural_person", date(2025, 12, 22)),
    ]


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(admin)
    client.user = admin
    return client


def make_report(**fields):
    return report_create(parent=AnnualReportIndexPage.objects.get(), year=2025, **fields)


def publish(page):
    page.refresh_from_db()
    page.get_latest_revision().publish()
    page.refresh_from_db()
    return page


def test_draft_stores_the_computed_tables(requests_2025):
    page = make_report()
    assert not page.live
    assert page.figures["applications"]["new"]["total"] == 3
    assert page.figures["applications"]["carried_in"]["commercial"] == 1
    assert page.figures["applications"]["carried_out"]["natural_person"] == 1
    assert page.figures_generated_at is not None


def test_table_two_counts_the_published_enforcement_rows(requests_2025):
    """表二's 第二十条 figures are counted, not typed: live rows of the year only."""
    page = make_report()
    assert page.figures["article20"] == {
        "licensing": 3,
        "penalty": 2,
        "coercion": 0,
        "fee_amount": "1.5",
        "fee_items": 1,
    }


def test_a_decision_published_after_the_draft_blocks_until_regenerated(requests_2025):
    page = make_report()
    unit = UnitFactory(name="第一稽查局")
    enforcement_rows.decision(unit, kind="CF", decided_on=date(2025, 11, 1))
    with pytest.raises(ReportPublishRefused) as refused:
        publish(page)
    assert (
        "表二 行政处罚 / 本年处理决定数量：草稿生成时为 2，现在为 3。请重新生成草稿后再发布。"
        in (refused.value.messages)
    )
    report_generate_draft(page=page)
    assert publish(page).figures["article20"]["penalty"] == 3


def test_broken_tables_cannot_be_published(requests_2025):
    page = make_report()
    page.figures["applications"]["new"]["natural_person"] += 1
    page.save_revision()
    with pytest.raises(ReportPublishRefused) as refused:
        publish(page)
    assert any(
        message.startswith("“自然人”列：一（3）+ 二（0）") for message in refused.value.messages
    )
    assert not AnnualReportPage.objects.get(pk=page.pk).live


def test_numbers_changed_since_draft_block_until_regenerated(requests_2025):
    page = make_report()
    builders.replied("other_org", date(2025, 8, 1), "unable_2", date(2025, 8, 20))
    with pytest.raises(ReportPublishRefused) as refused:
        publish(page)
    assert any("草稿生成时为 3，现在为 4" in message for message in refused.value.messages)
    report_generate_draft(page=page)
    page = publish(page)
    assert page.live
    assert page.figures["applications"]["unable_2"]["other_org"] == 1


def test_public_page_renders_the_official_tables(client, requests_2025):
    page = publish(make_report(overview="<p>本年度依法做好政府信息公开工作。</p>"))
    html = client.get(page.url).content.decode()
    for text in [
        "一、总体情况",
        "本年度依法做好政府信息公开工作。",
        '<th scope="col" class="report-table__short" colspan="7">申请人情况</th>',
        '<th scope="col" colspan="5">法人或其他组织</th>',
        '<th scope="col" class="report-table__short" rowspan="2">自然人</th>',
        '<th scope="row" rowspan="22">三、本年度办理结果</th>',
        '<th scope="row" rowspan="8">（三）不予公开</th>',
        '<th scope="row">8.属于行政查询事项</th>',
        '<th scope="row" colspan="2">（七）总计</th>',
        '<th scope="row" colspan="3">四、结转下年度继续办理</th>',
        '<th scope="col" class="report-table__short" colspan="10">行政诉讼</th>',
        "本年收费金额（单位：万元）",
        "本年度未收取政府信息公开信息处理费。",
        "/annual-reports/2025/report.xlsx",
    ]:
        assert text in html, text
    assert '<td class="num" data-label="总计" data-cell="applications:new:total">3</td>' in html
    assert (
        '<td class="num" data-label="法人或其他组织 · 科研机构" '
        'data-cell="applications:other_3:research">1</td>'
    ) in html
    listing = client.get(AnnualReportIndexPage.objects.get().url).content.decode()
    assert page.title in listing


def test_phones_get_the_grids_as_labelled_cards_without_a_script(client, requests_2025):
    """Each value carries its column headings (not 申请人情况, which heads every column), and a row
    under a heading spanning down from earlier rows names it, so the stacked view loses nothing."""
    page = publish(make_report())
    html = client.get(page.url).content.decode()
    assert html.count('data-stack="grid"') == 2
    assert 'data-label="申请人情况' not in html
    assert '<tr data-context="三、本年度办理结果 · （三）不予公开">' in html
    assert 'data-label="行政诉讼 · 未经复议直接起诉 · 结果维持"' in html


def test_earlier_years_stay_listed(client, requests_2025):
    parent = AnnualReportIndexPage.objects.get()
    older = report_create(parent=parent, year=2024)
    publish(older)
    newer = publish(make_report())
    listing = client.get(parent.url).content.decode()
    assert listing.index(newer.title) < listing.index(older.title)
    assert older.title in client.get(newer.url).content.decode()


def test_xlsx_download_has_merged_headers_and_labels(client, requests_2025):
    publish(make_report())
    response = client.get("/annual-reports/2025/report.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["表二 主动公开", "表三 申请情况", "表四 复议诉讼"]
    sheet = workbook["表三 申请情况"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {
        "A3:C5",
        "D3:J3",
        "D4:D5",
        "E4:I4",
        "J4:J5",
        "A6:C6",
        "A8:A29",
        "B8:C8",
        "B10:B17",
        "B18:B20",
        "B21:B25",
        "B26:B28",
        "B29:C29",
        "A30:C30",
    } <= merged
    assert sheet["D3"].value == "申请人情况"
    assert [sheet.cell(row=5, column=c).value for c in range(5, 10)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert sheet["A6"].value == "一、本年新收政府信息公开申请数量"
    assert sheet["B10"].value == "（三）不予公开"
    assert sheet["C10"].value == "1.属于国家秘密"
    assert sheet["C28"].value == "3.其他"
    assert [sheet.cell(row=6, column=c).value for c in range(4, 11)] == [2, 0, 1, 0, 0, 0, 3]
    assert sheet["J7"].value == 1  # 上年结转 total
    assert sheet["F28"].value == 1  # withdrawal by a research institute -> （六）3.其他
    assert sheet["J30"].value == 1
    appeals = workbook["表四 复议诉讼"]
    assert {"A3:E3", "F3:O3", "A4:A5", "F4:J4", "K4:O4"} <= {
        str(r) for r in appeals.merged_cells.ranges
    }
    proactive = workbook["表二 主动公开"]
    assert proactive["A5"].value == "规章" and proactive["B4"].value == "本年制发件数"
    assert proactive["A9"].value == "行政许可" and proactive["B9"].value == 3
    assert proactive["A12"].value == "行政处罚" and proactive["B12"].value == 2
    assert proactive["A13"].value == "行政强制" and proactive["B13"].value == 0
    assert proactive["A16"].value == "行政事业性收费" and proactive["B16"].value == 1.5


def test_pdf_download_is_a_pdf(client, requests_2025):
    publish(make_report())
    response = client.get("/annual-reports/2025/report.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    for label in [
        "一、总体情况",
        "申请人情况",
        "法人或其他组织",
        "四、结转下年度继续办理",
        "未经复议直接起诉",
        "六、其他需要报告的事项",
    ]:
        assert label in text, label
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any("CJK" in font for font in fonts), fonts


def test_downloads_of_unpublished_year_are_not_found(client, requests_2025):
    make_report()
    assert client.get("/annual-reports/2025/report.xlsx").status_code == 404
    assert client.get("/annual-reports/2025/report.pdf").status_code == 404
    assert client.get("/annual-reports/99999999999/report.xlsx").status_code == 404


def test_drill_down_lists_the_requests_in_a_cell(admin_client, requests_2025):
    page = make_report()
    review = admin_client.get(f"/admin/annual-report/{page.pk}/review/").content.decode()
    assert f'href="/admin/annual-report/{page.pk}/cell/applications/carried_out/total/"' in review
    assert f'href="/admin/annual-report/{page.pk}/cell/article20/licensing/list/"' in review
    assert 'data-checks="warn"' in review and "2025年没有已发布的行政强制决定" in review
    assert 'data-checks="ok"' in review  # an empty list warns but does not block
    licensing = admin_client.get(f"/admin/annual-report/{page.pk}/cell/article20/licensing/list/")
    assert licensing.status_code == 200 and licensing.content.decode().count("京税稽罚") == 3
    bogus = admin_client.get(f"/admin/annual-report/{page.pk}/cell/article20/bogus/list/")
    assert bogus.status_code == 404
    html = admin_client.get(
        f"/admin/annual-report/{page.pk}/cell/applications/new/natural_person/"
    ).content
    html = html.decode()
    assert requests_2025[1].number in html and requests_2025[3].number in html
    assert requests_2025[0].number not in html
    assert (
        admin_client.get(
            f"/admin/annual-report/{page.pk}/cell/applications/bogus/total/"
        ).status_code
        == 404
    )


def test_drill_down_is_for_staff_only(client, requests_2025, django_user_model):
    page = make_report()
    url = f"/admin/annual-report/{page.pk}/cell/applications/new/total/"
    assert client.get(url).status_code == 302
    user = django_user_model.objects.create_user("visitor", password="pw")
    client.force_login(user)
    assert client.get(url).status_code in (302, 403)


def test_review_regenerates_the_draft(admin_client, requests_2025):
    page = make_report()
    builders.register("legal_service", date(2025, 9, 1))
    review = admin_client.get(f"/admin/annual-report/{page.pk}/review/").content.decode()
    assert "草稿生成后发生变化的数字" in review
    response = admin_client.post(f"/admin/annual-report/{page.pk}/review/")
    assert response.status_code == 302
    draft = AnnualReportPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert draft.figures["applications"]["new"]["legal_service"] == 1
    review = admin_client.get(f"/admin/annual-report/{page.pk}/review/").content.decode()
    assert 'data-checks="ok"' in review


def _edit_form(page, **extra) -> dict:
    data = {
        "title": page.title,
        "slug": page.slug,
        "year": str(page.year),
    }
    data.update(extra)
    return data


def test_editor_publish_refused_with_message_not_error(admin_client, requests_2025):
    page = make_report()
    enforcement_rows.decision(
        UnitFactory(name="第一稽查局"), kind="XK", decided_on=date(2025, 9, 9)
    )
    data = _edit_form(page, **{"action-publish": "action-publish"})
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert "报告未通过一致性检查" in response.content.decode()
    assert "表二 行政许可 / 本年处理决定数量：草稿生成时为 3，现在为 4" in response.content.decode()
    assert not AnnualReportPage.objects.get(pk=page.pk).live


def test_editor_publishes_a_passing_report(admin_client, requests_2025):
    page = make_report()
    response = admin_client.post(
        f"/admin/pages/{page.pk}/edit/", _edit_form(page, **{"action-publish": "action-publish"})
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live and page.workflow_in_progress  # 发布 goes through its review chain
    approve_review(page, admin_client.user)
    assert page.live and page.figures["article20"]["licensing"] == 3


def test_editor_creates_the_draft_for_a_year(admin_client, requests_2025):
    parent = AnnualReportIndexPage.objects.get()
    data = {
        "title": "2025年政府信息公开工作年度报告",
        "slug": "2025",
        "year": "2025",
    }
    response = admin_client.post(
        f"/admin/pages/add/annual_report/annualreportpage/{parent.pk}/", data
    )
    assert response.status_code == 302
    page = AnnualReportPage.objects.get(year=2025)
    assert page.figures["applications"]["new"]["total"] == 3
    assert page.get_workflow().name == "年报发布审核"
    again = admin_client.post(
        f"/admin/pages/add/annual_report/annualreportpage/{parent.pk}/", {**data, "slug": "b"}
    )
    assert "2025 年度的报告已存在" in again.content.decode()
    future = admin_client.post(
        f"/admin/pages/add/annual_report/annualreportpage/{parent.pk}/",
        {**data, "slug": "c", "year": "2099"},
    )
    assert "尚未开始" in future.content.decode()


def _approve_all(page, user):
    state = page.get_workflow().start(page, user)
    while state.status == state.STATUS_IN_PROGRESS:
        task_state = state.current_task_state
        task_state.task.specific.on_action(task_state, user, "approve")
        state.refresh_from_db()
    return state


@pytest.fixture
def reviewer(django_user_model):
    return django_user_model.objects.create_superuser("boss", "b@example.com", "pw")


def test_report_goes_live_through_the_report_workflow(requests_2025, reviewer):
    assert ensure_report_workflow() == ensure_report_workflow()
    page = make_report()
    workflow = page.get_workflow()
    assert workflow.name == "年报发布审核"
    assert [task.name for task in workflow.tasks] == ["年报部门审核", "年报审签"]
    state = _approve_all(page, reviewer)
    assert state.status == state.STATUS_APPROVED
    page.refresh_from_db()
    assert page.live


def test_workflow_returns_a_failing_report_with_the_reasons(requests_2025, reviewer):
    ensure_report_workflow()
    page = make_report()
    builders.register("commercial", date(2025, 10, 9))
    state = _approve_all(page, reviewer)
    assert state.status == state.STATUS_NEEDS_CHANGES
    comment = state.current_task_state.comment
    assert comment.startswith("报告未通过一致性检查，已退回修改：")
    assert "草稿生成时为 0，现在为 1" in comment
    page.refresh_from_db()
    assert not page.live


def test_drill_down_from_tables_two_and_four(admin_client, requests_2025):
    from annual_report.services import appeal_case_record
    from tests.lists.factories import UnitFactory
    from tests.policies.factories import make_document

    UnitFactory(name="国家税务总局", is_agency=True)
    make_document(title="某规章", level="rule", publish_date=date(2025, 2, 1))
    appeal_case_record(
        request=requests_2025[1],
        route="reconsideration",
        filed_on=date(2025, 4, 1),
        case_number="某复决字〔2025〕1号",
    )
    page = make_report()
    base = f"/admin/annual-report/{page.pk}/cell/"
    review = admin_client.get(f"/admin/annual-report/{page.pk}/review/").content.decode()
    assert f'href="{base}policies/rule/issued/"' in review
    assert f'href="{base}appeals/reconsideration/pending/"' in review
    html = admin_client.get(f"{base}policies/rule/issued/").content.decode()
    assert "某规章" in html
    html = admin_client.get(f"{base}appeals/reconsideration/pending/").content.decode()
    assert "某复决字〔2025〕1号" in html and requests_2025[1].number in html
    assert admin_client.get(f"{base}appeals/bogus/pending/").status_code == 404
    assert admin_client.get(f"{base}nothing/new/total/").status_code == 404


def test_pdf_follows_the_published_revision(client, requests_2025):
    page = publish(make_report())
    first = client.get("/annual-reports/2025/report.pdf").content
    assert client.get("/annual-reports/2025/report.pdf").content == first
    draft = page.get_latest_revision_as_object()
    draft.title = "2025年度政府信息公开工作年度报告（修订）"
    draft.save_revision().publish()
    text = "".join(
        p.extract_text()
        for p in PdfReader(BytesIO(client.get("/annual-reports/2025/report.pdf").content)).pages
    )
    assert "（修订）" in text


def test_failing_report_cannot_be_submitted_for_review(admin_client, requests_2025):
    page = make_report()
    edit = admin_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert f'href="/admin/annual-report/{page.pk}/review/"' in edit
    enforcement_rows.fee(year=2025, amount=Decimal("2"))
    data = _edit_form(page, **{"action-submit": "action-submit"})
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200
    assert "表二 行政事业性收费 / 本年收费金额（万元）：草稿生成时为 1.5，现在为 3.5" in (
        response.content.decode()
    )
    assert page.workflow_in_progress is False


def test_passing_report_is_submitted_to_the_report_workflow(admin_client, requests_2025):
    page = make_report()
    data = _edit_form(page, **{"action-submit": "action-submit"})
    response = admin_client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.workflow_in_progress
    assert page.current_workflow_state.workflow.name == "年报发布审核"


def test_staff_record_appeal_cases_in_the_admin(admin_client, requests_2025):
    from annual_report.models import AppealCase

    url = "/admin/snippets/annual_report/appealcase/add/"
    form = {
        "request": str(requests_2025[1].pk),
        "route": "reconsideration",
        "case_number": "某复决字〔2025〕2号",
        "filed_on": "2025-05-01",
        "result": "upheld",
        "decided_on": "",
        "note": "",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 200
    html = response.content.decode()
    assert "已审结的案件请填写审结日期。" in html
    assert "某复决字〔2025〕2号" in html  # what the user typed is shown again, not lost
    assert not AppealCase.objects.exists()
    response = admin_client.post(url, {**form, "decided_on": "2025-06-01"})
    assert response.status_code == 302
    case = AppealCase.objects.get()
    assert (case.request, case.result) == (requests_2025[1], "upheld")


def test_every_install_gets_the_report_review_chain_with_the_site_tree(site_tree):
    from wagtail.models import WorkflowPage

    from annual_report.models import AnnualReportIndexPage

    column = AnnualReportIndexPage.objects.get()
    assert WorkflowPage.objects.filter(page=column).exists()
