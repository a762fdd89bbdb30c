"""Build the statutory site tree once, idempotently: `make run`, tests and deployments share it."""

from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import transaction
from wagtail import hooks
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

from cms.models import HomePage

SITE_TREE_READY_HOOK = "portal_site_tree_ready"
"""Wagtail hook name: apps register a function taking no arguments, run after every build, that
attaches what their columns need (review workflows, group rights) without cms importing them."""


@dataclass
class Node:
    """One page of the tree; `page_type` is an "app_label.ModelName" string, so the tree names
    every capability's column without importing it."""

    page_type: str
    title: str
    slug: str
    in_menu: bool = False
    children: list["Node"] = field(default_factory=list)


SITE_TREE = Node(
    "cms.HomePage",
    "首页",
    "home",
    children=[
        Node(
            "cms.DisclosureIndexPage",
            "政府信息公开",
            "xxgk",
            in_menu=True,
            children=[
                Node("disclosure.DisclosureGuidePage", "政府信息公开指南", "guide"),
                Node("disclosure.DisclosureSystemPage", "政府信息公开制度", "system"),
                Node(
                    "cms.StatutoryContentIndexPage",
                    "法定主动公开内容",
                    "fdzdgknr",
                    children=[
                        Node("policies.PolicyIndexPage", "政策文件", "policies", in_menu=True),
                        Node(
                            "policies.InterpretationIndexPage",
                            "政策解读",
                            "interpretations",
                            in_menu=True,
                        ),
                        Node("lists.PowerListIndexPage", "权责清单", "power-list"),
                        Node(
                            "lists.ServiceGuideIndexPage",
                            "办税指南",
                            "service-guides",
                            in_menu=True,
                        ),
                        Node("lists.TaskListIndexPage", "任务清单", "task-lists"),
                        Node("enforcement.EnforcementIndexPage", "行政执法公示", "enforcement"),
                        Node("enforcement.FeeIndexPage", "行政事业性收费", "fees"),
                    ],
                ),
                Node("annual_report.AnnualReportIndexPage", "政府信息公开年报", "annual-reports"),
                Node(
                    "consultation.ConsultationIndexPage", "征求意见", "consultations", in_menu=True
                ),
                Node("disclosure.DisclosureRequestIndexPage", "依申请公开", "apply", in_menu=True),
            ],
        ),
        # Beside 政府信息公开, not inside it: 诉求, 预约 and 好差评 are services taxpayers look for
        # by name, and the disclosure column is kept to government information.
        Node("taxpayer.TaxpayerServiceIndexPage", "纳税服务", "nsfw", in_menu=True),
    ],
)


@transaction.atomic
def ensure_site_tree(hostname: str = "localhost", port: int = 80) -> HomePage:
    """Create whatever part of the tree is missing; never duplicates or overwrites staff edits."""
    root = Page.get_first_root_node() or _create_tree_root()
    _remove_wagtail_welcome_page(root)
    home = _ensure_node(root, SITE_TREE)
    for attach in hooks.get_hooks(SITE_TREE_READY_HOOK):
        attach()  # e.g. review workflows on the policy and annual-report columns
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="国家税务总局政府信息公开门户",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def _create_tree_root() -> Page:
    """Wagtail's migrations create the root; a flushed database (transactional tests) has none."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale

    if not Locale.objects.exists():
        Locale.objects.create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
    return Page.add_root(
        instance=Page(
            title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)
        )
    )


def _remove_wagtail_welcome_page(root: Page) -> None:
    """Wagtail's install creates a plain 'Welcome' page; it must not block our home page's slug."""
    for child in root.get_children():
        if child.specific_class is Page:
            Site.objects.filter(root_page=child).delete()
            child.delete()


def _ensure_node(parent: Page, node: Node) -> Page:
    page_class = apps.get_model(node.page_type)
    existing = _find_existing(parent, page_class, node.slug)
    if existing is None:
        page = page_class(title=node.title, slug=node.slug, show_in_menus=node.in_menu)
        parent.add_child(instance=page)
        page.save_revision().publish()
        existing = page
    for child in node.children:
        _ensure_node(existing, child)
    return existing


def _find_existing(parent: Page, page_class: type[Page], slug: str) -> Page | None:
    children = parent.get_children().type(page_class).specific()
    for child in children:
        if type(child) is page_class and (page_class.max_count == 1 or child.slug == slug):
            return child
    return None
