"""Wagtail admin wiring: ledger menu, admin URLs, the notice-template snippets and the dashboard
panel with due-soon and overdue requests.

承办部门 are the units of 机构职能 (lists), edited there together with their members; the
working-day calendar is the `workdays` app's (its changes reach us through `signals.py`).
"""

from django.urls import include, path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from disclosure import admin_views, rules, selectors
from disclosure.models import NoticeTemplate

admin_patterns = [
    path("", admin_views.ledger, name="ledger"),
    path("export.xlsx", admin_views.ledger_export, name="export"),
    path("register/", admin_views.register, name="register"),
    path("fees/", admin_views.fee_calculator, name="fee_calculator"),
    path("<int:pk>/", admin_views.detail, name="detail"),
    path("<int:pk>/attachment/", admin_views.attachment, name="attachment"),
    path("<int:pk>/reveal/", admin_views.reveal, name="reveal"),
    path("<int:pk>/new-code/", admin_views.new_code, name="new_code"),
    path(
        "corrections/<int:pk>/",
        admin_views.correction_attachment,
        name="correction_attachment",
    ),
    path("<int:pk>/action/<str:name>/", admin_views.action, name="action"),
    path("<int:pk>/feedback/<int:assignment_pk>/", admin_views.feedback, name="feedback"),
    path("notices/<int:pk>.<str:fmt>", admin_views.notice, name="notice"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("disclosure/", include((admin_patterns, "disclosure_admin")))]


class LedgerMenuItem(MenuItem):
    def is_shown(self, request):
        return selectors.user_is_office(request.user) or selectors.user_can_view_assigned(
            request.user
        )


@hooks.register("register_admin_menu_item")
def register_ledger_menu_item():
    return LedgerMenuItem(
        "依申请公开台账", reverse("disclosure_admin:ledger"), icon_name="list-ul", order=250
    )


class NoticeTemplateViewSet(SnippetViewSet):
    model = NoticeTemplate
    icon = "doc-full"
    list_display = ["title", "kind", "updated_at"]


class DisclosureSnippets(SnippetViewSetGroup):
    menu_label = "依申请公开设置"
    menu_icon = "cog"
    menu_order = 260
    items = (NoticeTemplateViewSet,)


register_snippet(DisclosureSnippets)


class DeadlinePanel(Component):
    """Requests due within 3 working days and overdue ones, for the people who handle them."""

    name = "disclosure_deadlines"
    order = 50
    template_name = "disclosure/admin/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context=None):
        visible = selectors.requests_visible_to(self.user)
        today = timezone.localdate()
        return {
            "overdue": [
                (req, selectors.delay_responsibility(req, today))
                for req in selectors.requests_overdue(visible, today).order_by("reply_due_on")[:20]
            ],
            "due_soon": selectors.requests_due_soon(visible, today).order_by("reply_due_on")[:20],
            "lapsed": selectors.requests_waiting_step_lapsed(today).filter(
                pk__in=visible.values("pk")
            )[:20],
            "uncovered_years": selectors.uncovered_years(today),
            "due_soon_days": rules.DUE_SOON_WORKING_DAYS,
            "ledger_url": reverse("disclosure_admin:ledger"),
        }


@hooks.register("construct_homepage_panels")
def add_deadline_panel(request, panels):
    if selectors.user_is_office(request.user) or selectors.user_can_view_assigned(request.user):
        panels.append(DeadlinePanel(request.user))
