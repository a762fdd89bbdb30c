"""Anonymous page cache: hits for the public, fresh content after publishing, never for staff."""

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from policies.models import PolicyDocumentPage, PolicyIndexPage
from tests.policies.factories import PolicyDocumentFactory

pytestmark = pytest.mark.usefixtures("page_cache_on")


@pytest.fixture
def page_cache_on(settings, site_tree):
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    cache.clear()
    # The first request of a new site creates its settings row (a content write, so it
    # invalidates the cache); do it before the tests count hits.
    Client().get("/")


def _get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response, response.content.decode()


def test_anonymous_pages_are_cached_and_publishing_shows_new_content(site_tree):
    document = PolicyDocumentFactory(title="原来的标题", doc_number="税总发〔2014〕59号")
    public = Client()
    first, _ = _get(public, document.url)
    second, html = _get(public, document.url)
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert "原来的标题" in html

    page = PolicyDocumentPage.objects.get(pk=document.pk)
    page.title = "修改后的标题"
    page.save_revision().publish()
    response, html = _get(public, document.url)
    assert response["X-Page-Cache"] == "miss"
    assert "修改后的标题" in html and "原来的标题" not in html


def test_list_page_shows_a_newly_published_document_at_once(site_tree):
    PolicyDocumentFactory(title="第一篇文件")
    column_url = PolicyIndexPage.objects.get().url
    public = Client()
    _get(public, column_url)
    assert _get(public, column_url)[0]["X-Page-Cache"] == "hit"
    PolicyDocumentFactory(title="第二篇文件")
    response, html = _get(public, column_url)
    assert response["X-Page-Cache"] == "miss" and "第二篇文件" in html


def test_unpublishing_removes_the_page_from_the_cache(site_tree):
    document = PolicyDocumentFactory(title="将撤下的文件")
    public = Client()
    _get(public, document.url)
    assert _get(public, document.url)[0]["X-Page-Cache"] == "hit"
    PolicyDocumentPage.objects.get(pk=document.pk).unpublish()
    assert public.get(document.url).status_code == 404


def test_logged_in_editors_are_never_served_from_cache(site_tree, django_user_model):
    document = PolicyDocumentFactory(title="编辑查看的文件")
    public = Client()
    _get(public, document.url)
    assert _get(public, document.url)[0]["X-Page-Cache"] == "hit"
    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("ed", "ed@example.com", "pw"))
    for _ in range(2):
        response, _html = _get(editor, document.url)
        assert "X-Page-Cache" not in response
    # the admin (and its previews) never go through the cache
    for _ in range(2):
        assert "X-Page-Cache" not in editor.get("/admin/")


@override_settings(ROOT_URLCONF="tests.cms.page_cache_urls")
def test_pages_with_csrf_forms_are_never_shared(site_tree):
    tokens = set()
    for _ in range(3):
        visitor = Client()
        response, html = _get(visitor, "/form-page/")
        assert "X-Page-Cache" not in response
        assert "csrftoken" in response.cookies
        tokens.add(html)
    assert len(tokens) == 3


def test_cache_can_be_switched_off(site_tree, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    document = PolicyDocumentFactory(title="不缓存")
    public = Client()
    for _ in range(2):
        assert "X-Page-Cache" not in _get(public, document.url)[0]


def test_deleting_or_moving_a_page_is_seen_at_once(site_tree):
    from wagtail.models import Page

    kept = PolicyDocumentFactory(title="留下的文件")
    gone = PolicyDocumentFactory(title="删除的文件")
    column_url = PolicyIndexPage.objects.get().url
    public = Client()
    for url in (column_url, gone.url, kept.url):
        _get(public, url)
        assert _get(public, url)[0]["X-Page-Cache"] == "hit"
    old_url = gone.url
    Page.objects.get(pk=gone.pk).delete()
    assert public.get(old_url).status_code == 404
    assert "删除的文件" not in _get(public, column_url)[1]

    assert _get(public, column_url)[0]["X-Page-Cache"] == "hit"
    Page.objects.get(pk=kept.pk).move(PolicyIndexPage.objects.get(), pos="first-child")
    response, html = _get(public, column_url)
    assert response["X-Page-Cache"] == "miss" and "留下的文件" in html


def test_disclosure_bookkeeping_does_not_empty_the_cache(site_tree):
    from workdays.models import CalendarYear

    document = PolicyDocumentFactory(title="常读文件")
    public = Client()
    _get(public, document.url)
    CalendarYear.objects.create(year=2030)  # a calendar row only moves personal deadlines
    assert _get(public, document.url)[0]["X-Page-Cache"] == "hit"


def test_hits_replay_security_headers_and_keep_gzip_and_plain_copies_apart(site_tree):
    """Hits skip CSP and GZip but carry what they added; a client without gzip gets plain HTML."""
    import gzip

    document = PolicyDocumentFactory(title="压缩与明文")
    zipped, plain = Client(), Client()
    for _ in range(2):
        response = zipped.get(document.url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["X-Page-Cache"] == "hit" and response["Content-Encoding"] == "gzip"
    assert "压缩与明文" in gzip.decompress(response.content).decode()
    assert int(response["Content-Length"]) == len(response.content)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "Accept-Encoding" in response["Vary"]
    for _ in range(2):
        response = plain.get(document.url)
    assert response["X-Page-Cache"] == "hit" and not response.has_header("Content-Encoding")
    assert "压缩与明文" in response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_form_pages_reuse_shared_fragments_but_never_a_visitor_token(site_tree):
    """The apply form is rendered per visitor (CSRF and submission tokens), but its unbound
    fields and the office's contacts come from fragments keyed by the page-cache version."""
    import re

    from tests.lists.factories import UnitFactory

    office = UnitFactory(name="办公室（旧名）", is_disclosure_office=True)
    first, second = (Client().get("/disclosure/apply/") for _ in range(2))
    tokens = [
        re.search(r'name="submission_token" value="([^"]+)"', r.content.decode())[1]
        for r in (first, second)
    ]
    assert tokens[0] != tokens[1]
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    for response in (first, second):
        html = response.content.decode()
        assert "X-Page-Cache" not in response
        assert 'name="applicant_name"' in html and "办公室（旧名）" in html
    office.name = "政务公开办公室"
    office.save()
    html = Client().get("/disclosure/apply/").content.decode()
    assert "政务公开办公室" in html and "办公室（旧名）" not in html


def test_cached_navigation_marks_the_page_it_is_shown_on(site_tree):
    """The menu is a fragment shared across pages; its key carries the page and the view, so a
    page never shows another page's 'you are here' mark."""
    import re

    from django.urls import reverse

    def current(url: str) -> list[str]:
        html = Client().get(url).content.decode()
        menu = html[html.index('<nav class="main-nav"') :]
        menu = menu[: menu.index("</nav>")]
        return re.findall(r'aria-current="page">([^<]+)<', menu)

    units = reverse("lists:units")
    column = PolicyIndexPage.objects.get()
    for _ in range(2):  # the second round is served from the fragments the first one stored
        assert current("/") == ["首页"]
        assert current(units) == ["机构职能"]
        assert current("/disclosure/apply/") == []
        assert current(column.url) == ([column.title] if column.show_in_menus else [])


def test_a_publish_in_another_worker_process_reaches_this_process_copies(site_tree, monkeypatch):
    """Each process keeps popular pages in memory; the shared version key still rules them."""
    from cms import page_cache

    monkeypatch.setattr(page_cache, "VERSION_MEMO_SECONDS", 0)
    document = PolicyDocumentFactory(title="内存中的文件")
    public = Client()
    _get(public, document.url)
    assert _get(public, document.url)[0]["X-Page-Cache"] == "hit"
    cache.set(page_cache.VERSION_KEY, "published-by-another-worker", None)
    assert _get(public, document.url)[0]["X-Page-Cache"] == "miss"
    assert _get(public, document.url)[0]["X-Page-Cache"] == "hit"
