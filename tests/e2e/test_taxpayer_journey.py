"""Taxpayers on a 390 px phone screen, in a real browser: file a 诉求 and track it, book and
change an appointment at a 办税服务厅, and rate a closed matter."""

from datetime import date, time

import pytest
from django.contrib.auth import get_user_model

from lists.models import Unit
from taxpayer.models import Appointment, Matter, Rating, ServiceHall, TaxpayerSettings
from taxpayer.services import matters as matter_services

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone_page(page):
    page.set_viewport_size(PHONE)
    return page


@pytest.fixture
def bureau(live_site):
    service = Unit.objects.create(name="纳税服务科", email="nsfw@example.gov.cn")
    hall_unit = Unit.objects.create(name="第一办税服务厅", address="示例路1号", phone="12366")
    settings = TaxpayerSettings.load()
    settings.service_unit = service
    settings.save()
    return {"service": service, "hall": ServiceHall.objects.create(unit=hall_unit, capacity=2)}


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_taxpayer_files_an_appeal_on_a_phone_and_tracks_it(
    phone_page, bureau, clock, artifact_path
):
    page = phone_page
    clock.set(2026, 9, 30, 10)
    page.goto("/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="纳税服务").click()
    page.wait_for_url("**/nsfw/")
    assert _fits_the_screen(page)
    page.get_by_role("main").get_by_role("link", name="提交诉求和意见").first.click()
    page.wait_for_url("**/taxpayer/appeal/")
    page.get_by_label("纳税人名称（姓名）").fill("某某商贸有限公司")
    page.get_by_label("联系电话").fill("12345")
    page.get_by_label("诉求类别").select_option(label="纳税服务类")
    page.get_by_label("诉求和意见").fill("申报期办税服务厅等候时间过长，建议增加窗口。")
    page.get_by_label("我已阅读并同意上述个人信息处理告知").check()
    page.get_by_role("button", name="提交").click()
    assert "请填写有效的手机号码" in page.inner_text("main")
    assert page.get_by_label("诉求和意见").input_value().startswith("申报期办税服务厅")
    assert Matter.objects.count() == 0
    assert _fits_the_screen(page)

    page.get_by_label("联系电话").fill("13800138000")
    page.get_by_label("我已阅读并同意上述个人信息处理告知").check()
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/taxpayer/appeal/receipt/**")
    number = page.locator("#matter-number").inner_text()
    code = page.locator("#tracking-code").inner_text()
    assert number == Matter.objects.get().number
    assert _fits_the_screen(page)
    page.screenshot(path=str(artifact_path("taxpayer-appeal-receipt.png")), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="下载收件回执（PDF）").click()
    assert download.value.suggested_filename.endswith("收件回执.pdf")

    page.get_by_role("link", name="查询办理进度").click()
    page.get_by_label("编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/taxpayer/track/status/")
    assert page.locator("#status").inner_text() == "纳税服务部门已汇总"
    assert "2026年10月8日" in page.locator("#step").inner_text()  # after National Day
    assert _fits_the_screen(page)
    page.screenshot(path=str(artifact_path("taxpayer-appeal-status.png")), full_page=True)


def test_taxpayer_books_and_changes_an_appointment(phone_page, bureau, clock, artifact_path):
    page = phone_page
    hall = bureau["hall"]
    clock.set(2026, 9, 28, 8)
    page.goto("/taxpayer/book/")
    page.get_by_label("预约日期").fill("2026-10-01")
    page.get_by_role("button", name="查看可约时段").click()
    page.get_by_label("09:00—09:30（余2个）").check()
    page.get_by_label("政策咨询").check()
    page.get_by_label("咨询问题或补充说明").fill("留抵退税政策咨询")
    page.get_by_label("纳税人名称（姓名）").fill("某某科技有限公司")
    page.get_by_label("联系电话").fill("13800138000")
    page.get_by_label("我已阅读并同意上述个人信息处理告知").check()
    page.get_by_role("button", name="确认预约").click()
    assert "2026年10月1日不是工作日（国庆节）" in page.inner_text("main")
    assert Appointment.objects.count() == 0

    page.get_by_label("预约日期").first.fill("2026-09-29")
    page.get_by_role("button", name="查看可约时段").click()
    page.get_by_label("09:00—09:30（余2个）").check()
    page.get_by_label("政策咨询").check()
    page.get_by_label("咨询问题或补充说明").fill("留抵退税政策咨询")
    page.get_by_label("纳税人名称（姓名）").fill("某某科技有限公司")
    page.get_by_label("联系电话").fill("13800138000")
    page.get_by_label("我已阅读并同意上述个人信息处理告知").check()
    page.get_by_role("button", name="确认预约").click()
    page.wait_for_url("**/taxpayer/book/done/")
    assert "2026年9月29日 09:00—09:30" in page.locator("#appointment-when").inner_text()
    code = page.locator("#appointment-code").inner_text()
    assert _fits_the_screen(page)
    page.screenshot(path=str(artifact_path("taxpayer-booked.png")), full_page=True)

    page.get_by_role("link", name="查看、改约或取消").click()
    page.get_by_label("查看日期").fill("2026-09-30")
    page.get_by_role("button", name="查看可约时段").click()
    page.get_by_label("14:00—14:30（余2个）").check()
    page.get_by_role("button", name="改约到所选时段").click()
    page.wait_for_url("**/taxpayer/appointment/manage/")
    assert "改约成功" in page.inner_text("main")
    assert "2026年9月30日 14:00—14:30" in page.locator("#appointment-when").inner_text()
    appointment = Appointment.objects.get()
    assert (appointment.date, appointment.starts_at) == (date(2026, 9, 30), time(14, 0))
    assert appointment.hall == hall
    assert _fits_the_screen(page)
    page.screenshot(path=str(artifact_path("taxpayer-appointment-changed.png")), full_page=True)

    # Another browser opens it with the number and the code.
    page.context.clear_cookies()
    page.goto("/taxpayer/appointment/")
    page.get_by_label("预约编号").fill(appointment.number)
    page.get_by_label("预约码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/taxpayer/appointment/manage/")
    assert page.locator("#appointment-status").inner_text() == "已预约"


def test_taxpayer_rates_a_closed_matter(phone_page, bureau, clock, artifact_path):
    page = phone_page
    staff = get_user_model().objects.create_superuser("nsfw", "nsfw@example.gov.cn", "pw-12345-x")
    clock.set(2026, 11, 20, 10)
    matter = matter_services.matter_register(
        kind="appeal",
        channel="website",
        taxpayer_name="某某商贸有限公司",
        phone="13800138000",
        category="policy",
        content="研发费用加计扣除的口径是什么？",
    )
    code = matter.tracking_code
    matter_services.matter_assign(matter=matter, host_unit_id=bureau["service"].pk, actor=staff)
    matter_services.matter_complete(matter=matter, result="已答复口径。", actor=staff)
    matter_services.matter_reply(matter=matter, reply_text="口径详见总局公告。", actor=staff)

    page.goto("/taxpayer/rate/")
    page.get_by_role("link", name="凭编号和查询码查询").click()
    page.get_by_label("编号").fill(matter.number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/taxpayer/track/status/")
    assert "口径详见总局公告。" in page.locator("#reply").inner_text()
    page.get_by_label("不满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    assert "请写明不满意的具体原因" in page.inner_text("main")
    assert Rating.objects.count() == 0
    page.get_by_label("不满意", exact=True).check()
    page.get_by_label("评价意见（不满意的请写明原因）").fill("答复只给了文件名，没有说明怎么操作。")
    page.get_by_role("button", name="提交评价").click()
    page.wait_for_url("**/taxpayer/track/status/")
    assert "感谢您的评价" in page.inner_text("main")
    assert "不满意：答复只给了文件名" in page.locator("#my-rating").inner_text()
    assert page.get_by_role("button", name="提交评价").count() == 0
    rating = Rating.objects.get()
    assert rating.follow_up == "pending" and rating.due_on == date(2026, 12, 11)
    assert _fits_the_screen(page)
    page.screenshot(path=str(artifact_path("taxpayer-rated.png")), full_page=True)
