"""Template helpers for every public page: its meta description, the column a view sits in."""

import re

from django import template
from django.apps import apps
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Page

register = template.Library()

DESCRIPTION_LENGTH = 120
# Page fields that summarise a page, best first; any page type may have any of them.
SUMMARY_FIELDS = ("search_description", "summary", "intro", "explanation", "overview")
BODY_BLOCKS_READ = 3


def _plain(value) -> str:
    text = strip_tags(str(value or "")).replace("&nbsp;", " ")
    return re.sub(r"\s+", " ", text).strip()


def _shorten(text: str) -> str:
    return text if len(text) <= DESCRIPTION_LENGTH else text[: DESCRIPTION_LENGTH - 1] + "…"


def page_description(page: Page) -> str:
    """A page's own summary, else the start of its body, else its title in its column."""
    for name in SUMMARY_FIELDS:
        text = _plain(getattr(page, name, ""))
        if text:
            return _shorten(text)
    body = getattr(page, "body", None)
    if body:
        parts = []
        for block in list(body)[:BODY_BLOCKS_READ]:
            try:
                parts.append(_plain(block.render()))
            except Exception:  # noqa: BLE001 - a description must never break a page
                continue
        text = " ".join(part for part in parts if part)
        if text:
            return _shorten(text)
    parent = page.get_parent() if page.depth > 2 else None
    if parent is not None and parent.depth > 1:
        return _shorten(f"{page.title}（{parent.title}）")
    return ""


def site_description(agency) -> str:
    name = getattr(agency, "name", "") or "税务局"
    return (
        f"{name}政府信息公开门户：政策文件与解读、权责清单、办税指南、任务清单、"
        "政府信息公开指南与年报，在线申请政府信息公开，参与征求意见。"
    )


@register.simple_tag(takes_context=True)
def meta_description(context) -> str:
    """`<meta name="description">` content: the view's own text, the page's, or the site's."""
    own = _plain(context.get("meta_description_text", ""))
    if own:
        return _shorten(own)
    page = context.get("page")
    if isinstance(page, Page):
        text = page_description(page)
        if text:
            return text
    return site_description(context.get("agency"))


@register.simple_tag
def live_page_of_type(model_label: str) -> Page | None:
    """The first live page of an "app.Model" type, e.g. the column a non-page view belongs to
    (breadcrumbs of the 依申请公开 form); cms names it by string and imports no capability."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError):
        return None
    return model.objects.live().public().order_by("path").first()


@register.inclusion_tag("cms/includes/item_date.html")
def item_date(page: Page) -> dict:
    """The date a listing shows for a page. Pages that carry a document's own date (政策文件:
    发布日期, else 成文日期) define `shown_date()`, returning an object with `label` and `on`, or
    None when the document gives no date; they never fall back to the day the page went up on
    this site. Other pages show the day they were first published here, as before."""
    shown_date = getattr(page, "shown_date", None)
    if callable(shown_date):
        shown = shown_date()
        return {"label": shown.label, "on": shown.on} if shown else {}
    published = page.first_published_at
    return {"label": "", "on": timezone.localdate(published) if published else None}
