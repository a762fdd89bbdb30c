"""Staff side: comment lists with filters, moderation, dispositions, export, feedback."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from consultation.models import Comment, ConsultationFeedback
from consultation.selectors import draft_articles
from consultation.services import (
    comment_dispose,
    comment_moderate,
    feedback_link_document,
    feedback_publish,
)
from portal.errors import RuleViolation
from tests.consultation.factories import CommentFactory, ConsultationFactory
from tests.policies.factories import make_document


def _comment(page, *, article=None, **fields) -> Comment:
    return CommentFactory(consultation=page, article_key=article.key if article else "", **fields)


@pytest.fixture
def page(column):
    return ConsultationFactory(publish_comments=True)


@pytest.fixture
def clerk(django_user_model):
    """A staff member who may read and handle comments but not see contacts."""
    user = django_user_model.objects.create_user("clerk", "c@example.invalid", "pw")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="view_comment", content_type__app_label="consultation"),
        Permission.objects.get(codename="moderate_comment", content_type__app_label="consultation"),
    )
    return user


def test_staff_list_filters_by_article_status_and_kind(client, page, staff):
    first, third = draft_articles(page)[0], draft_articles(page)[2]
    a = _comment(page, article=first, kind="enterprise", text="企业对第一条的意见。")
    b = _comment(page, article=third, text="个人对第三条的意见。")
    c = _comment(page, text="对整体的意见。")
    comment_moderate(comment=b, approve=True, user=staff)
    client.force_login(staff)
    url = f"/admin/consultation/{page.pk}/comments/"

    def receipts(**params):
        html = client.get(url, params).content.decode()
        return {x.receipt_number for x in (a, b, c) if x.receipt_number in html}

    assert receipts() == {a.receipt_number, b.receipt_number, c.receipt_number}
    assert receipts(article=first.key) == {a.receipt_number}
    assert receipts(article="whole") == {c.receipt_number}
    assert receipts(kind="enterprise") == {a.receipt_number}
    assert receipts(status="approved") == {b.receipt_number}
    assert receipts(status="pending") == {a.receipt_number, c.receipt_number}
    html = client.get(url).content.decode()
    assert (
        "企业对第一条的意见。" in html and "13800138000" in html
    )  # full text; superuser sees contact


def test_moderation_publishes_only_approved_comments(client, page, clerk):
    third = draft_articles(page)[2]
    approved = _comment(page, article=third, text="建议增加网上投诉渠道。")
    rejected = _comment(page, article=third, text="含有广告内容的意见。")
    client.force_login(clerk)
    response = client.post(
        f"/admin/consultation/comments/{approved.pk}/",
        {"action": "moderate", "moderation-decision": "approve"},
    )
    assert response.status_code == 302
    refused = client.post(
        f"/admin/consultation/comments/{rejected.pk}/",
        {"action": "moderate", "moderation-decision": "reject", "moderation-reason": ""},
    )
    assert refused.status_code == 400
    assert "不予公开时须填写理由" in refused.content.decode()
    client.post(
        f"/admin/consultation/comments/{rejected.pk}/",
        {"action": "moderate", "moderation-decision": "reject", "moderation-reason": "含广告"},
    )
    rejected.refresh_from_db()
    assert rejected.moderation_status == "rejected" and rejected.moderation_reason == "含广告"

    public = client.get(page.url).content.decode()
    assert "建议增加网上投诉渠道。" in public
    assert "张三" not in public  # individuals are not named in public
    assert "含有广告内容的意见。" not in public
    assert "13800138000" not in public


def test_moderation_is_not_offered_when_comments_are_not_published(column, staff):
    page = ConsultationFactory(publish_comments=False)
    comment = _comment(page)
    with pytest.raises(RuleViolation, match="不公开意见内容"):
        comment_moderate(comment=comment, approve=True, user=staff)


def test_dispositions_need_reasons_unless_adopted(client, page, clerk):
    comment = _comment(page)
    client.force_login(clerk)
    url = f"/admin/consultation/comments/{comment.pk}/"
    response = client.post(url, {"action": "dispose", "disposition-disposition": "not_adopted"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "部分采纳或未采纳时须填写理由" in html
    assert 'value="not_adopted" selected' in html  # the choice made is kept on the form
    comment.refresh_from_db()
    assert comment.disposition == ""
    client.post(
        url,
        {
            "action": "dispose",
            "disposition-disposition": "not_adopted",
            "disposition-reason": "上位法已有规定。",
        },
    )
    comment.refresh_from_db()
    assert (comment.disposition, comment.disposition_reason) == ("not_adopted", "上位法已有规定。")
    assert comment.disposed_by == clerk


def test_staff_without_permission_cannot_read_comments(client, page, django_user_model):
    user = django_user_model.objects.create_user("editor", "e@example.invalid", "pw")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")
    )
    _comment(page, text="只有授权人员能看到的意见。")
    client.force_login(user)
    # Wagtail turns a refused admin view into a redirect to the dashboard with a message.
    for url in (
        f"/admin/consultation/{page.pk}/comments/",
        f"/admin/consultation/{page.pk}/export/xlsx/",
        f"/admin/consultation/{page.pk}/feedback/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == "/admin/"
        assert "只有授权人员能看到的意见" not in response.content.decode()


def _rows_from_xlsx(content: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [
        [cell if cell is not None else "" for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def test_export_groups_comments_by_article_and_hides_contacts_without_permission(
    client, page, clerk, staff
):
    articles = draft_articles(page)
    later = _comment(page, article=articles[3], name="第四条意见人", contact="a@example.com")
    early = _comment(page, article=articles[0], name="第一条意见人", contact="13911112222")
    whole = _comment(page, name="整体意见人", kind="social_org", contact="010-66668888")
    comment_dispose(comment=early, disposition="adopted", user=staff)

    client.force_login(clerk)
    response = client.get(f"/admin/consultation/{page.pk}/export/xlsx/")
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    rows = _rows_from_xlsx(response.content)
    header = rows[0]
    assert header[:3] == ["条款", "所在章", "回执编号"]
    assert "联系方式" not in header
    assert [r[2] for r in rows[1:]] == [
        whole.receipt_number,
        early.receipt_number,
        later.receipt_number,
    ]
    assert [r[0] for r in rows[1:]] == ["整体意见", "第一条", "第四条"]
    assert rows[2][1] == "第一章 总则" and rows[3][1] == "第二章 投诉受理"
    by_receipt = {r[2]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert by_receipt[early.receipt_number]["采纳情况"] == "采纳"
    assert by_receipt[later.receipt_number]["采纳情况"] == "未处理"
    assert by_receipt[whole.receipt_number]["意见人类别"] == "社会组织"
    assert by_receipt[whole.receipt_number]["审核状态"] == "待审核"
    flat = "".join(str(c) for r in rows for c in r)
    assert "13911112222" not in flat and "a@example.com" not in flat

    client.force_login(staff)
    response = client.get(f"/admin/consultation/{page.pk}/export/csv/")
    text = response.content.decode("utf-8-sig")
    records = list(csv.DictReader(io.StringIO(text)))
    assert [r["回执编号"] for r in records] == [
        whole.receipt_number,
        early.receipt_number,
        later.receipt_number,
    ]
    assert [r["联系方式"] for r in records] == ["010-66668888", "13911112222", "a@example.com"]
    assert records[1]["意见内容"] == "建议补充办理时限。"


def _closed_consultation(column):
    now = timezone.now()
    page = ConsultationFactory(opens_at=now - timedelta(days=40), closes_at=now + timedelta(days=1))
    return page, now


def test_feedback_is_refused_before_closing_and_with_undisposed_comments(column, staff):
    page = ConsultationFactory()
    _comment(page)
    with pytest.raises(RuleViolation, match="征求意见结束后"):
        feedback_publish(consultation=page, summary="说明", main_opinions="", user=staff)
    with pytest.raises(RuleViolation, match="尚有 1 条意见未处理"):
        feedback_publish(
            consultation=page,
            summary="说明",
            main_opinions="",
            user=staff,
            now=page.closes_at,
        )
    assert not ConsultationFeedback.objects.exists()


def test_published_feedback_counts_dispositions_and_links_the_final_document(client, column, staff):
    page, now = _closed_consultation(column)
    articles = draft_articles(page)
    during = now - timedelta(days=2)
    c1 = _comment(page, article=articles[0], contact="13800000001", now=during)
    c2 = _comment(page, article=articles[0], contact="138-0000-0001", now=during)  # same person
    c3 = _comment(page, article=articles[2], contact="x@example.com", now=during)
    c4 = _comment(page, contact="y@example.com", kind="enterprise", now=during)
    comment_dispose(comment=c1, disposition="adopted", user=staff)
    comment_dispose(
        comment=c2, disposition="partially_adopted", reason="部分内容已体现。", user=staff
    )
    comment_dispose(
        comment=c3, disposition="not_adopted", reason="与上位法规定不一致。", user=staff
    )
    comment_dispose(
        comment=c4, disposition="not_adopted", reason="与上位法规定不一致。", user=staff
    )

    client.force_login(staff)
    url = f"/admin/consultation/{page.pk}/feedback/"
    with_no_reason = client.post(url, {"summary": "共收到意见4条。", "main_opinions": ""})
    assert with_no_reason.status_code == 400  # refused: the window is still open
    assert "征求意见结束后" in with_no_reason.content.decode()
    assert "共收到意见4条。" in with_no_reason.content.decode()  # the typed summary is kept

    page.closes_at = now - timedelta(hours=1)
    page.save_revision().publish()
    missing = client.post(url, {"summary": "共收到意见4条。", "main_opinions": ""})
    assert "有未采纳的意见" in missing.content.decode()
    response = client.post(
        url,
        {
            "summary": "共收到意见4条，已认真研究。",
            "main_opinions": "关于扩大适用范围的意见，因与上位法规定不一致，未予采纳。",
        },
    )
    assert response.status_code == 302
    feedback = ConsultationFeedback.objects.get(consultation=page)
    assert (
        feedback.comment_count,
        feedback.commenter_count,
        feedback.adopted_count,
        feedback.partially_adopted_count,
        feedback.not_adopted_count,
    ) == (4, 3, 1, 1, 2)

    html = client.get(page.url).content.decode()
    assert "意见采纳情况" in html and "已反馈" in html
    assert "共收到 <strong>4</strong> 条意见，来自 <strong>3</strong> 位意见人" in html
    assert "与上位法规定不一致。（2 条）" in html
    assert "因与上位法规定不一致，未予采纳" in html

    document = make_document(title="纳税服务投诉管理办法", doc_number="国家税务总局公告2026年第5号")
    feedback_link_document(consultation=page, final_document=document)
    html = client.get(page.url).content.decode()
    assert f'href="{document.url}"' in html and "正式文件" in html


def test_feedback_link_requires_published_feedback(column, staff):
    page = ConsultationFactory()
    document = make_document(title="某文件")
    with pytest.raises(RuleViolation, match="请先发布意见采纳情况"):
        feedback_link_document(consultation=page, final_document=document)


def test_admin_menu_index_lists_consultations_with_counts(client, page, staff):
    _comment(page)
    client.force_login(staff)
    html = client.get("/admin/consultation/").content.decode()
    assert page.title in html
    assert f"/admin/consultation/{page.pk}/comments/" in html


def test_a_consultation_with_comments_cannot_be_deleted_in_the_editor(client, page, staff):
    _comment(page)
    client.force_login(staff)
    response = client.post(f"/admin/pages/{page.pk}/delete/")
    assert response.status_code == 302
    assert Comment.objects.count() == 1
    assert type(page).objects.filter(pk=page.pk).exists()


def test_export_keeps_hostile_text_as_plain_text(client, page, staff):
    formula = _comment(page, text='=HYPERLINK("http://evil.example","点击")')
    control = _comment(page, text="从 Word 粘贴\x0b的意见内容")
    client.force_login(staff)
    response = client.get(f"/admin/consultation/{page.pk}/export/xlsx/")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    column = header.index("意见内容") + 1
    cells = {sheet.cell(row, 3).value: sheet.cell(row, column) for row in (2, 3)}
    assert cells[formula.receipt_number].data_type == "s"
    assert cells[formula.receipt_number].value.startswith("'=HYPERLINK")
    assert cells[control.receipt_number].value == "从 Word 粘贴\ufffd的意见内容"
    csv_text = client.get(f"/admin/consultation/{page.pk}/export/csv/").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in csv_text


def test_the_column_above_a_consultation_with_comments_cannot_be_deleted(client, page, staff):
    _comment(page)
    client.force_login(staff)
    response = client.post(f"/admin/pages/{page.get_parent().pk}/delete/")
    assert response.status_code == 302
    assert type(page).objects.filter(pk=page.pk).exists()
    assert Comment.objects.count() == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"article": "x\x00y"}, "所选条款不存在，已忽略该条件。"),
        ({"status": "\x00"}, "审核状态条件无效，已忽略。"),
        ({"kind": "a" * 500}, "意见人类别条件无效，已忽略。"),
        ({"disposition": "不存在"}, "采纳情况条件无效，已忽略。"),
    ],
)
def test_staff_filters_report_hostile_values_and_ignore_them(client, page, staff, params, message):
    comment = _comment(page)
    client.force_login(staff)
    response = client.get(f"/admin/consultation/{page.pk}/comments/", params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html and comment.receipt_number in html


def test_a_bad_staff_filter_leaves_the_others_in_force(client, page, staff):
    enterprise = _comment(page, kind="enterprise", text="企业的意见内容。")
    person = _comment(page, text="个人的意见内容。")
    client.force_login(staff)
    html = client.get(
        f"/admin/consultation/{page.pk}/comments/", {"kind": "enterprise", "status": "bogus"}
    ).content.decode()
    assert "审核状态条件无效" in html
    assert enterprise.receipt_number in html and person.receipt_number not in html


def test_staff_list_filters_by_disposition(client, page, staff):
    adopted = _comment(page, text="被采纳的意见。")
    open_one = _comment(page, text="尚未处理的意见。")
    comment_dispose(comment=adopted, disposition="adopted", user=staff)
    client.force_login(staff)
    url = f"/admin/consultation/{page.pk}/comments/"
    html = client.get(url, {"disposition": "none"}).content.decode()
    assert open_one.receipt_number in html and adopted.receipt_number not in html
    html = client.get(url, {"disposition": "adopted"}).content.decode()
    assert adopted.receipt_number in html and open_one.receipt_number not in html
    assert 'value="adopted" selected' in html


def test_long_comment_lists_are_paged_and_keep_their_filters(client, page, staff):
    from consultation import admin_views

    for n in range(admin_views.STAFF_PAGE_SIZE + 2):
        _comment(page, kind="enterprise", text=f"企业意见第{n:03d}号。")
    _comment(page, kind="individual", text="个人意见。")
    client.force_login(staff)
    url = f"/admin/consultation/{page.pk}/comments/"
    first = client.get(url, {"kind": "enterprise"}).content.decode()
    assert "企业意见第000号。" in first and "企业意见第051号。" not in first
    assert "共 2 页（52 条）" in first and "kind=enterprise&amp;p=2" in first
    second = client.get(url, {"kind": "enterprise", "p": "2"}).content.decode()
    assert "企业意见第051号。" in second and "个人意见。" not in second
    assert client.get(url, {"p": "不是页码"}).status_code == 200


def test_feedback_form_links_the_final_document_through_the_page_chooser(client, column, staff):
    now = timezone.now()
    page = ConsultationFactory(opens_at=now - timedelta(days=40), closes_at=now - timedelta(days=5))
    document = make_document(title="正式发布的办法", doc_number="国家税务总局公告2026年第9号")
    client.force_login(staff)
    url = f"/admin/consultation/{page.pk}/feedback/"
    form = client.get(url).content.decode()
    assert "正式文件（政策文件库）" in form and "chooser__title" in form
    response = client.post(url, {"summary": "未收到意见。", "final_document": str(document.pk)})
    assert response.status_code == 302
    assert ConsultationFeedback.objects.get(consultation=page).final_document == document
    bad = client.post(url, {"summary": "未收到意见。", "final_document": "999999"})
    assert "所选正式文件不存在或尚未发布" in bad.content.decode()
