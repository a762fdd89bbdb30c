"""A visitor reads a draft, comments on one article and gets a receipt, in a real browser."""

from datetime import timedelta

from django.utils import timezone

from consultation.models import Comment


def test_visitor_reads_a_draft_comments_on_an_article_and_gets_a_receipt(
    page, live_site, artifact_path
):
    from tests.consultation.factories import ConsultationFactory

    now = timezone.now()
    consultation = ConsultationFactory(opens_at=now - timedelta(days=2))

    page.goto("/xxgk/consultations/")
    page.locator("main table").get_by_role("link", name=consultation.title).click()
    page.wait_for_url(f"**{consultation.url}")
    assert page.get_by_role("heading", level=1).inner_text() == consultation.title
    article = page.locator("#article-3")
    assert "纳税人缴费人可以通过网络" in article.inner_text()
    assert "本条已收到意见 0 条" in article.inner_text()
    page.screenshot(path=str(artifact_path("consultation-draft.png")), full_page=True)

    article.get_by_role("link", name="对本条提出意见：第三条").click()
    assert "针对第三条" in page.inner_text("main")
    page.get_by_label("姓名或单位名称").fill("陈某")
    page.get_by_label("企业").check()
    page.get_by_label("联系方式").fill("13812345678")
    page.get_by_label("意见内容").fill("建议在第三条中增加“电子税务局留言”渠道。")
    page.get_by_label("我已阅读并同意个人信息保护告知").check()
    page.get_by_role("button", name="提交意见").click()

    page.wait_for_url("**/consultation/receipt/**")
    assert page.get_by_role("heading", level=1).inner_text() == "意见已提交"
    receipt = page.locator("[data-receipt]").inner_text()
    comment = Comment.objects.get()
    assert receipt == comment.receipt_number
    assert comment.article_label == "第三条" and comment.kind == "enterprise"
    page.screenshot(path=str(artifact_path("consultation-receipt.png")), full_page=True)

    page.locator("main table").get_by_role("link", name=consultation.title).click()
    assert "本条已收到意见 1 条" in page.locator("#article-3").inner_text()
