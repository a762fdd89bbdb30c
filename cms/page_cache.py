"""Whole-page cache for anonymous visitors, invalidated by one version key.

Public pages are the same for every anonymous visitor, so their rendered HTML is kept in the
default cache under `page-cache:<version>:<host>:<path?query>`. Any publish, unpublish, move or
delete of a page, and any saved or deleted content row, replaces the version, so the next request
renders afresh; `PORTAL_PAGE_CACHE_SECONDS` bounds how long writes that bypass signals
(`QuerySet.update`, `bulk_create`) can stay unseen.

The middleware sits just below SecurityMiddleware (so HTTPS redirects still come first) and
above CSP, WhiteNoise and GZip: a page is stored as it left those, security headers and gzip
body included, and a hit replays it without running them again. Compressed and plain copies
are kept apart (a client that does not accept gzip never gets a gzip body). Compressing a
cached public page once is safe from BREACH: a cacheable page carries no secret (no session,
no CSRF token). Under load this halves the cost of a hit (bench/load.py). Each worker process
also keeps its most requested pages in memory (`PORTAL_PAGE_CACHE_LOCAL_ENTRIES`, under the same
versioned keys), so a popular page costs no file read.

Never cached or served from cache: anything but GET/HEAD, requests carrying a session or messages
cookie (logged-in editors, previews, users with flash messages), the admin, previews, search and
API paths, and responses that set a cookie — which every page rendering a CSRF token does, so
forms are never shared between visitors.
"""

import re
import threading
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.cache import cc_delim_re
from wagtail.signals import page_published, page_unpublished, post_page_move

VERSION_KEY = "page-cache:version"
HEADER = "X-Page-Cache"
EXCLUDED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/api/",
    "/search/",
    "/documents/",
    "/healthz",
    "/static/",
    "/media/",
)
# Set per response by the server or by this middleware, never replayed from the cache.
NOT_REPLAYED = {"content-length", "date", HEADER.lower()}
# Bookkeeping rows that never change what the public sees.
IGNORED_MODELS = {
    "sessions.session",
    "admin.logentry",
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.referenceindex",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.pagesubscription",
    "wagtailusers.userprofile",
    "portal_search.pendingindexupdate",
    "portal.outboxmessage",
    "cms.sitefeedback",
}
# Apps none of whose rows appear on a cacheable page: 依申请公开 pages are personal and never
# cached, and its audit log is written on every view, which must not empty the cache; the
# working-day calendar only moves deadlines, which appear on personal pages alone.
IGNORED_APPS = {"disclosure", "workdays"}


def page_cache_seconds() -> int:
    return int(getattr(settings, "PORTAL_PAGE_CACHE_SECONDS", 0) or 0)


# How long a process trusts the version it last read. Every hit would otherwise read the shared
# cache twice (version, then page); a publish made in another worker process is then seen
# within this second, and at once in the process that made it.
VERSION_MEMO_SECONDS = 1.0
_memo: dict[str, float | str | None] = {"version": None, "until": 0.0}


def page_cache_invalidate() -> None:
    """Make every cached page stale at once (a new version key; old entries expire)."""
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    _local_pages.clear()
    _memo.update(version=version, until=time.monotonic() + VERSION_MEMO_SECONDS)


def page_cache_version() -> str:
    """The current version: part of every cached page's and fragment's key."""
    now = time.monotonic()
    if _memo["version"] is not None and now < _memo["until"]:
        return _memo["version"]
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    if version != _memo["version"]:
        _local_pages.clear()  # another process published: the old copies can never be hit
    _memo.update(version=version, until=now + VERSION_MEMO_SECONDS)
    return version


class _LocalPages:
    """The most requested pages of this worker process, in front of the shared cache.

    A hit in the shared file cache opens, reads and unpickles a file; popular pages (the home
    page, the lists) are asked for hundreds of times a second. Keys carry the version, so a
    publish makes these copies unreachable as it does the shared ones; a copy is trusted for at
    most LOCAL_SECONDS, so what the shared cache's timeout bounds (writes that bypass signals)
    stays bounded too."""

    LOCAL_SECONDS = 30.0

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[str, tuple[float, tuple]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: str, value: tuple, seconds: int) -> None:
        if self.size <= 0:
            return
        until = time.monotonic() + min(seconds, self.LOCAL_SECONDS)
        with self._lock:
            self._entries[key] = (until, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_local_pages = _LocalPages(int(getattr(settings, "PORTAL_PAGE_CACHE_LOCAL_ENTRIES", 256)))


def _request_is_cacheable(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    path = request.path
    return not any(path.startswith(prefix) for prefix in EXCLUDED_PREFIXES)


def _response_is_cacheable(response: HttpResponse) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    # Vary: Cookie alone is fine: only cookie-less (session-less) requests reach the cache, and a
    # page that used the session or a CSRF token also sets a cookie, which rules it out above.
    if "*" in cc_delim_re.split(response.get("Vary", "")):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(word in cache_control for word in ("private", "no-store", "no-cache"))


def _accepts_gzip(request: HttpRequest) -> bool:
    return bool(re.search(r"\bgzip\b", request.META.get("HTTP_ACCEPT_ENCODING", "")))


def _key(request: HttpRequest) -> str:
    encoding = "gzip" if _accepts_gzip(request) else "identity"
    version = page_cache_version()
    return f"page-cache:{version}:{encoding}:{request.get_host()}:{request.get_full_path()}"


class AnonymousPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache; fill it on a miss."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = page_cache_seconds()
        if seconds <= 0 or not _request_is_cacheable(request):
            return self.get_response(request)
        key = _key(request)
        cached = _local_pages.get(key)
        if cached is None:
            cached = cache.get(key)
            if cached is not None:
                _local_pages.put(key, cached, seconds)
        if cached is not None:
            content, headers = cached
            response = HttpResponse(b"" if request.method == "HEAD" else content)
            for name, value in headers:
                response[name] = value
            response["Content-Length"] = str(len(content))
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if _response_is_cacheable(response):
            headers = [
                (name, value)
                for name, value in response.items()
                if name.lower() not in NOT_REPLAYED
            ]
            cache.set(key, (response.content, headers), seconds)
            _local_pages.put(key, (response.content, headers), seconds)
            response[HEADER] = "miss"
        return response


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def _on_page_change(sender, **kwargs) -> None:
    page_cache_invalidate()


@receiver(setting_changed)
def _on_setting_change(sender, **kwargs) -> None:
    """Settings overridden at run time (tests) can change any page."""
    page_cache_invalidate()


@receiver(post_save)
@receiver(post_delete)
def _on_content_change(sender, **kwargs) -> None:
    if kwargs.get("raw"):
        return
    if sender._meta.label_lower in IGNORED_MODELS or sender._meta.app_label in IGNORED_APPS:
        return
    page_cache_invalidate()
