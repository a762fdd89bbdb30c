"""An applicant applies for information, gets a receipt with a 查询码 and tracks the request,
in a real browser; then the office answers in the admin and the applicant sees the reply and
notice."""

import re

from disclosure.models import DisclosureRequest


def test_applicant_applies_gets_receipt_and_tracks(
    page, browser, live_server, live_site, artifact_path, django_user_model, admin_login, clock
):
    # A working day: an online application is then confirmed as received at once (条例第三十一条).
    clock.set(2026, 11, 30, 10)
    page.goto("/xxgk/")
    page.goto("/disclosure/apply/")
    assert page.get_by_role("heading", level=1).inner_text() == "提交政府信息公开申请"

    # An invalid ID number first: a Chinese error beside the field, typed values kept.
    page.get_by_label("申请人类型").select_option("natural_person")
    page.get_by_label("姓名或组织名称").fill("陈某")
    page.get_by_label("证件类型").select_option("resident_id")
    page.get_by_label("证件号码").fill("110105194912310021")
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_label("电子邮箱").fill("chen@example.com")
    page.get_by_label("通信地址").fill("某省某市某区示例路8号")
    page.get_by_label("所需政府信息的名称、文号或者便于查询的其他特征性描述").fill(
        "本局2025年行政事业性收费项目清单"
    )
    page.get_by_label("电子", exact=True).check()
    page.get_by_label("电子邮件", exact=True).check()
    page.get_by_label("我已阅读并同意上述个人信息处理告知").check()
    page.get_by_role("button", name="提交申请").click()
    assert "居民身份证号码校验位不正确" in page.inner_text("main")
    assert page.get_by_label("通信地址").input_value() == "某省某市某区示例路8号"
    assert DisclosureRequest.objects.count() == 0

    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_label("我已阅读并同意上述个人信息处理告知").check()
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/disclosure/receipt/**")
    assert page.get_by_role("heading", level=1).inner_text() == "申请已提交"
    number = page.locator("#request-number").inner_text()
    code = page.locator("#tracking-code").inner_text()
    request = DisclosureRequest.objects.get()
    assert number == request.number
    assert (
        page.locator("#reply-due")
        .inner_text()
        .startswith(f"{request.reply_due_on.year}年{request.reply_due_on.month}月")
    )
    page.screenshot(path=str(artifact_path("disclosure-receipt.png")), full_page=True)

    # Reloading the receipt does not show the code again and creates nothing.
    page.reload()
    assert page.locator("#tracking-code").count() == 0
    assert DisclosureRequest.objects.count() == 1

    # A wrong code gets the generic message.
    page.goto("/disclosure/track/")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill("AAAA-BBBB-CCCC")
    page.get_by_role("button", name="查询").click()
    assert "申请编号或查询码不正确" in page.inner_text("main")

    # The office answers in the admin, with the form the transition table offers for 办理中.
    django_user_model.objects.create_superuser("head", "head@example.com", "pw-x-123456")
    office = browser.new_context(locale="zh-CN", base_url=live_server.url).new_page()
    admin_login(office, "head", "pw-x-123456")
    office.goto(f"/admin/disclosure/{request.pk}/")
    office.locator("summary").filter(has_text=re.compile("^答复$")).click()
    reply = office.locator(f'form[action="/admin/disclosure/{request.pk}/action/reply/"]')
    reply.get_by_label("办理结果").select_option("disclose")
    reply_label = "答复内容（含理由和依据；救济途径由告知书统一写明）"
    reply.get_by_label(reply_label).fill("您申请的收费项目清单见附件。")
    reply.get_by_role("button", name="答复", exact=True).click()
    # Once answered, the table offers 办结归档 and nothing else.
    archive = office.locator(f'form[action="/admin/disclosure/{request.pk}/action/archive/"]')
    archive.wait_for(state="attached")
    assert office.locator('form[action*="/action/"]').count() == 1
    request.refresh_from_db()
    assert request.status == "replied"
    office.context.close()

    # The applicant tracks with the right pair.
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/disclosure/track/status/")
    assert page.locator("#status").inner_text() == "已答复"
    main = page.inner_text("main")
    assert "您申请的收费项目清单见附件。" in main
    assert "政府信息公开申请答复告知书（予以公开）" in main
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").last.click()
    assert download.value.suggested_filename.endswith(".pdf")
    page.screenshot(path=str(artifact_path("disclosure-track.png")), full_page=True)
