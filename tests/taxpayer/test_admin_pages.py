"""The admin menu and pages every ledger needs: dashboard warnings, the 纳税服务 menu, the
settings snippets (办税服务厅, 办税高峰期) and the 纳税服务设置 page."""

import pytest

from taxpayer.services import matters as s
from tests.taxpayer.conftest import file_appeal

pytestmark = pytest.mark.django_db


def test_dashboard_warns_of_clocks_with_the_person_responsible(client, clock, units, service_user):
    clock.set(2026, 11, 20, 10)
    matter = file_appeal()
    s.matter_assign(matter=matter, host_unit_id=units["levy"].pk, actor=service_user)
    clock.set(2026, 12, 1, 9)
    client.force_login(service_user)
    html = client.get("/admin/").content.decode()
    assert "纳税服务期限预警" in html
    assert f"{matter.number}</a> “办理” 2026-11-27，责任人：征收管理科" in html


def _taxpayer_menu(rf, user) -> list[str]:
    from wagtail.admin.menu import admin_menu

    request = rf.get("/admin/")
    request.user = user
    for item in admin_menu.menu_items_for_request(request):
        if item.label == "纳税服务":
            return [child.label for child in item.menu.menu_items_for_request(request)]
    return []


def test_each_ledger_has_a_menu_item_for_the_people_who_use_it(
    rf, service_user, levy_user, hall_user
):
    assert _taxpayer_menu(rf, service_user) == [
        "诉求与首问台账",
        "办税预约日程",
        "好差评",
        "延时服务台账",
        "统计分析",
    ]
    assert _taxpayer_menu(rf, levy_user) == ["诉求与首问台账"]
    assert _taxpayer_menu(rf, hall_user) == ["诉求与首问台账", "办税预约日程", "延时服务台账"]


def test_settings_pages_open_for_the_service_department(client, service_user, hall):
    client.force_login(service_user)
    for url in [
        "/admin/snippets/taxpayer/servicehall/",
        "/admin/snippets/taxpayer/peakperiod/",
        "/admin/settings/taxpayer/taxpayersettings/",
    ]:
        assert client.get(url, follow=True).status_code == 200, url


def test_peak_period_with_an_end_before_its_start_is_refused(client, service_user):
    client.force_login(service_user)
    response = client.post(
        "/admin/snippets/taxpayer/peakperiod/add/",
        {"name": "10月申报期", "starts_on": "2026-10-15", "ends_on": "2026-10-08"},
    )
    assert "结束日期不能早于开始日期" in response.content.decode()
