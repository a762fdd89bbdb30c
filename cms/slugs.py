"""Slugs for pages titled in Chinese: Hanyu Pinyin, so a new page's first save never fails.

Wagtail fills an empty slug from the title, but with ASCII-only slugs
(WAGTAIL_ALLOW_UNICODE_SLUGS = False) a Chinese title slugifies to nothing and the editor meets
“此字段为必填项”. `pinyin_slug("政府信息公开指南")` gives "zheng-fu-xin-xi-gong-kai-zhi-nan".
"""

from django.utils.text import slugify
from pypinyin import Style, lazy_pinyin
from wagtail.models import Page

MAX_LENGTH = 80


def pinyin_slug(title: str) -> str:
    """ASCII slug of a title: Chinese as pinyin syllables, Latin letters and digits kept."""
    syllables = lazy_pinyin(title or "", style=Style.NORMAL, errors="default")
    slug = slugify(" ".join(syllables), allow_unicode=False)
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rsplit("-", 1)[0]
    return slug.strip("-")


def available_slug(parent: Page, title: str, *, instance: Page | None = None) -> str:
    """`pinyin_slug` made unique among the parent's children with -2, -3, … ("page" if empty)."""
    base = pinyin_slug(title) or "page"
    candidate = base
    number = 1
    while not Page._slug_is_available(candidate, parent, instance):
        number += 1
        candidate = f"{base}-{number}"
    return candidate
