"""Read-side queries for templates and views; kept out of models so they are easy to test."""

from dataclasses import dataclass, field

from django.db.models import Q
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


@dataclass
class SiteMapNode:
    page: Page
    children: list["SiteMapNode"] = field(default_factory=list)


def site_map() -> list[SiteMapNode]:
    """The columns of the site for 网站地图: the top three levels below 首页 and the columns of
    法定主动公开内容, never the (possibly tens of thousands of) documents inside them."""
    home = home_page()
    if home is None:
        return []
    statutory_paths = list(StatutoryContentIndexPage.objects.live().values_list("path", flat=True))
    in_columns = Q()
    for path in statutory_paths:
        in_columns |= Q(path__startswith=path, depth=len(path) // Page.steplen + 1)
    pages = (
        Page.objects.live()
        .public()
        .descendant_of(home)
        .filter(Q(depth__lte=home.depth + 2) | in_columns)
        .order_by("path")
    )
    nodes: dict[str, SiteMapNode] = {}
    roots: list[SiteMapNode] = []
    for page in pages:
        node = SiteMapNode(page)
        nodes[page.path] = node
        parent = nodes.get(page.path[: -Page.steplen])
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    return roots
