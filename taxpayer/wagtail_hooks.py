"""Wagtail admin wiring: the 纳税服务 menu (one item per ledger), admin URLs, the settings
snippets (办税服务厅, 办税高峰期) and a dashboard panel with the clocks about to run out."""

from django.urls import include, path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from taxpayer import admin_views, permissions, selectors
from taxpayer.models import PeakPeriod, ServiceHall

admin_patterns = [
    path("", admin_views.ledger, name="ledger"),
    path("export.xlsx", admin_views.ledger_export, name="export"),
    path("register/", admin_views.register, name="register"),
    path("<int:pk>/", admin_views.detail, name="detail"),
    path("<int:pk>/action/<str:name>/", admin_views.action, name="action"),
    path("<int:pk>/reveal/", admin_views.reveal, name="reveal"),
    path("<int:pk>/contact/", admin_views.contact, name="contact"),
    path("<int:pk>/receipt.pdf", admin_views.receipt, name="receipt"),
    path("<int:pk>/attachment/", admin_views.attachment, name="attachment"),
    path("statistics/", admin_views.statistics_view, name="statistics"),
    path("statistics/export.xlsx", admin_views.statistics_export, name="statistics_export"),
    path("appointments/", admin_views.day_view, name="day"),
    path("appointments/<int:pk>/", admin_views.appointment_detail, name="appointment"),
    path("appointments/book/<int:hall_pk>/", admin_views.book_for_taxpayer, name="book"),
    path(
        "appointments/<int:pk>/action/<str:name>/",
        admin_views.appointment_action,
        name="appointment_action",
    ),
    path(
        "appointments/<int:pk>/reveal/", admin_views.appointment_reveal, name="appointment_reveal"
    ),
    path("ratings/", admin_views.ratings, name="ratings"),
    path("ratings/<int:pk>/", admin_views.rating_detail, name="rating"),
    path("ratings/<int:pk>/action/<str:name>/", admin_views.rating_action, name="rating_action"),
    path("overtime/", admin_views.overtime, name="overtime"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("taxpayer/", include((admin_patterns, "taxpayer_admin")))]


class GuardedMenuItem(MenuItem):
    def __init__(self, label, url_name, icon_name, order, allowed):
        super().__init__(label, reverse(url_name), icon_name=icon_name, order=order)
        self.allowed = allowed

    def is_shown(self, request):
        return self.allowed(request.user)


@hooks.register("register_admin_menu_item")
def register_taxpayer_menu():
    items = [
        GuardedMenuItem(
            "诉求与首问台账", "taxpayer_admin:ledger", "list-ul", 1, permissions.is_matter_staff
        ),
        GuardedMenuItem("办税预约日程", "taxpayer_admin:day", "date", 2, permissions.is_hall_staff),
        GuardedMenuItem(
            "好差评",
            "taxpayer_admin:ratings",
            "pick",
            3,
            lambda user: permissions.may(user, "rating", None),
        ),
        GuardedMenuItem(
            "延时服务台账", "taxpayer_admin:overtime", "time", 4, permissions.is_hall_staff
        ),
        GuardedMenuItem(
            "统计分析", "taxpayer_admin:statistics", "table", 5, permissions.is_service
        ),
    ]
    return SubmenuMenuItem("纳税服务", Menu(items=items), icon_name="group", order=270)


class ServiceHallViewSet(SnippetViewSet):
    model = ServiceHall
    icon = "home"
    list_display = ["unit", "capacity", "slot_minutes", "active"]


class PeakPeriodViewSet(SnippetViewSet):
    model = PeakPeriod
    icon = "warning"
    list_display = ["name", "starts_on", "ends_on"]


class TaxpayerSnippets(SnippetViewSetGroup):
    menu_label = "纳税服务设置"
    menu_icon = "cog"
    menu_order = 280
    items = (ServiceHallViewSet, PeakPeriodViewSet)


register_snippet(TaxpayerSnippets)


class ClockPanel(Component):
    """Steps due by the next working day or overdue, with the person responsible (限时办结监控)."""

    name = "taxpayer_clocks"
    order = 60
    template_name = "taxpayer/admin/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        today = timezone.localdate()
        visible = selectors.matters_visible_to(self.user)
        ratings = (
            selectors.rating_warnings(today) if permissions.may(self.user, "rating", None) else []
        )
        return {
            "warnings": selectors.matter_warnings(today, visible)[:20],
            "rating_warnings": ratings[:20],
            "ledger_url": reverse("taxpayer_admin:ledger"),
        }


@hooks.register("construct_homepage_panels")
def add_clock_panel(request, panels):
    if permissions.is_matter_staff(request.user):
        panels.append(ClockPanel(request.user))
