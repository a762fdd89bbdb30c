"""The applicant looks after their own request in a real browser: a PDF receipt that keeps the
查询码, a new code by e-mail when it is lost, 补正 sent online from a phone, and 结束查询 on a
shared terminal. Every page on the way passes axe."""

import re
from pathlib import Path

from django.core import mail
from django.utils import timezone

from disclosure import services
from disclosure.models import DisclosureRequest, Status
from tests.e2e import axe
from tests.e2e.test_public_pages import DESKTOP, PHONE

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc````\x00\x00\x00\x05\x00\x01\xa5\xf6E@\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def _no_axe_problems(page, where: str) -> None:
    found = axe.violations(page)
    assert not found, f"{where}\n{axe.describe(found)}"


def _apply(page) -> tuple[str, str]:
    page.goto("/disclosure/apply/")
    page.get_by_label("申请人类型").select_option("natural_person")
    page.get_by_label("姓名或组织名称").fill("陈某")
    page.get_by_label("证件类型").select_option("resident_id")
    page.get_by_label("证件号码").fill("11010519491231002X")
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
    page.wait_for_url("**/disclosure/receipt/**")
    return page.locator("#request-number").inner_text(), page.locator("#tracking-code").inner_text()


def _track(page, number: str, code: str) -> None:
    page.goto("/disclosure/track/")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/track/status/")


def test_receipt_pdf_new_code_and_end_tracking(axe_page, live_site, artifact_path, tmp_path):
    page = axe_page
    page.set_viewport_size(DESKTOP)
    number, code = _apply(page)
    _no_axe_problems(page, "receipt")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="下载回执（PDF，含查询码）").click()
    download = download_info.value
    assert download.suggested_filename == f"{number}-政府信息公开申请回执.pdf"
    saved = Path(tmp_path) / "receipt.pdf"
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")

    # Lost code: ask for a new one by number + e-mail; it arrives by mail, the old one is void.
    mail.outbox.clear()
    page.goto("/disclosure/track/")
    page.get_by_role("link", name="忘记查询码？通过电子邮箱重新获取").click()
    _no_axe_problems(page, "new-code form")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("申请时填写的电子邮箱").fill("chen@example.com")
    page.get_by_role("button", name="发送新的查询码").click()
    assert page.get_by_role("heading", level=1).inner_text() == "请查收电子邮件"
    _no_axe_problems(page, "new-code sent")
    page.screenshot(path=str(artifact_path("new-code-sent.png")), full_page=True)
    new_code = re.search(r"新的查询码：([A-Z0-9-]+)", mail.outbox[-1].body).group(1)
    page.goto("/disclosure/track/")
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    assert "申请编号或查询码不正确" in page.inner_text("main")
    _track(page, number, new_code)

    # 结束查询 on a shared terminal: the progress page is gone from this browser.
    page.get_by_role("button", name="结束查询").click()
    page.wait_for_url("**/disclosure/track/")
    assert "已结束查询" in page.inner_text("main")
    page.goto("/disclosure/track/status/")
    assert page.url.endswith("/disclosure/track/")


def test_correction_sent_online_from_a_phone(axe_page, live_site, artifact_path, tmp_path):
    today = timezone.localdate()
    request = services.request_register(
        channel="online",
        applicant_kind="natural_person",
        applicant_name="吴某",
        id_type="resident_id",
        id_number="11010519491231002X",
        phone="13812345678",
        email="wu@example.com",
        description="关于某项税收优惠的文件",
        info_form="electronic",
        delivery="online",
        received_on=today,
    )
    services.request_correction_notice(
        request=request,
        notified_on=today,
        items="请写明所需文件的名称、文号或发布时间。",
        period_days=15,
        actor=None,
    )
    page = axe_page
    page.set_viewport_size(PHONE)
    _track(page, request.number, request.tracking_code)
    main = page.inner_text("main")
    assert "补正告知" in main and "请写明所需文件的名称、文号或发布时间。" in main
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    _no_axe_problems(page, "status with correction form")
    page.screenshot(path=str(artifact_path("phone-correction-form.png")), full_page=True)

    scan = Path(tmp_path) / "补充说明.png"
    scan.write_bytes(PNG)
    page.get_by_label("补正内容").fill("所需文件为税总发〔2014〕59号。")
    page.get_by_label(re.compile("^补正材料")).set_input_files(str(scan))
    page.get_by_role("button", name="提交补正").click()
    page.wait_for_url("**/track/status/")
    assert "补正已提交" in page.inner_text("main")
    assert page.locator("#status").inner_text() == "办理中"
    request = DisclosureRequest.objects.get(pk=request.pk)
    assert request.status == Status.PROCESSING
    assert request.correction_attachments.get().title == "补充说明.png"
    page.screenshot(path=str(artifact_path("phone-correction-sent.png")), full_page=True)
