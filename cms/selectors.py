"""Read-side queries for templates and views; kept out of models so they are easy to test."""

from wagtail.models import Page

from cms.models import (
    ColumnIndexPage,
    DisclosureIndexPage,
    HomePage,
    StatutoryContentIndexPage,
)


def home_page() -> HomePage | None:
    return HomePage.objects.live().first()


def disclosure_root() -> DisclosureIndexPage | None:
    return DisclosureIndexPage.objects.live().first()


def main_navigation() -> list[Page]:
    """首页 plus every live page staff flagged 'show in menus' on the top three levels."""
    home = home_page()
    if home is None:
        return []
    menu = list(Page.objects.live().public().in_menu().filter(depth__in=[3, 4, 5]).order_by("path"))
    return [home, *menu]


def latest_items(limit: int = 8) -> list[Page]:
    """Newest published content pages (not columns) for the home page."""
    column_types = _column_page_classes()
    return list(
        Page.objects.live()
        .public()
        .filter(depth__gte=4)
        .not_type(*column_types)
        .order_by("-first_published_at")[:limit]
        .specific()
    )


def _column_page_classes() -> list[type[Page]]:
    classes = [StatutoryContentIndexPage, DisclosureIndexPage]
    classes.extend(ColumnIndexPage.__subclasses__())
    return classes
