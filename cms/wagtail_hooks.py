"""Admin hooks of the shared cms: pinyin slugs on page creation and the 网站找错 inbox."""

from django.http import HttpRequest
from wagtail import hooks
from wagtail.models import Page
from wagtail.permissions import register_permission_policy

from cms.models import SiteFeedback
from cms.slugs import available_slug
from cms.views_admin import NoAddPermissionPolicy, SiteFeedbackViewSet

register_permission_policy(SiteFeedback, NoAddPermissionPolicy(SiteFeedback))


def _fill_empty_slug(request: HttpRequest, parent: Page, page: Page | None = None) -> None:
    """Editors type Chinese titles; Wagtail's own slug then comes out empty. Fill it with pinyin
    before the form is validated, so the first save never fails on a missing slug."""
    if request.method != "POST" or request.POST.get("slug", "").strip():
        return
    title = request.POST.get("title", "").strip()
    if not title:
        return  # the form will say the title is required
    data = request.POST.copy()
    data["slug"] = available_slug(parent, title, instance=page)
    request.POST = data


@hooks.register("before_create_page")
def pinyin_slug_on_create(request: HttpRequest, parent_page: Page, page_class) -> None:
    _fill_empty_slug(request, parent_page)


@hooks.register("before_edit_page")
def pinyin_slug_on_edit(request: HttpRequest, page: Page) -> None:
    parent = page.get_parent()
    if parent is not None:
        _fill_empty_slug(request, parent, page)


@hooks.register("register_admin_viewset")
def register_feedback_inbox():
    return SiteFeedbackViewSet("site_feedback")
