"""Template context every public page needs: the main navigation and the page-cache fragment key."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from cms.page_cache import page_cache_seconds, page_cache_version
from cms.selectors import main_navigation


def navigation(request: HttpRequest) -> dict:
    """Lazy, like the other processors: a template that shows no menu runs no query for one."""
    return {"main_navigation": SimpleLazyObject(main_navigation)}


def page_cache(request: HttpRequest) -> dict:
    """What `{% cache page_cache_seconds name page_cache_version %}` needs.

    Pages that cannot be cached whole (forms carry a CSRF token) still have parts that are the
    same for every visitor: the unbound fields of a form, contact boxes. Those fragments are
    cached for as long as whole pages are, and keyed by the same version, so any publish or
    content change renders them afresh; with the page cache off (seconds 0) nothing is kept.
    """
    return {
        "page_cache_seconds": page_cache_seconds(),
        "page_cache_version": SimpleLazyObject(page_cache_version),
    }
