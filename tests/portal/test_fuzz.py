"""No input causes a 5xx: hypothesis drives every public form and query string.

Strings mix Chinese, control characters, NUL, huge numbers, SQL and markup; each response must be
below 500 (a 400 or a re-rendered form with a Chinese message is fine).
"""

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.consultation.factories import ConsultationFactory, comment_data
from tests.policies.factories import make_document

FUZZ = hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
NASTY = st.sampled_from(
    [
        "",
        "99999999999999999999",
        "-1",
        "0",
        "1e309",
        "NaN",
        "\x00",
        "税\x00务",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "%",
        "_",
        "2025-02-30",
        "9999-99-99",
        "国税发〔2009〕",
        "增值税" * 200,
    ]
)
TEXT = st.one_of(NASTY, st.text(max_size=60), st.integers().map(str))
POLICY_KEYS = (
    "doc_number",
    "authority",
    "year",
    "validity",
    "topic",
    "level",
    "published_after",
    "published_before",
    "page",
)
SEARCH_KEYS = ("q", "type", "authority", "year", "validity", "topic", "sort", "page")
LIST_KEYS = ("unit", "q", "type", "status", "page")


def _query(keys: tuple[str, ...]):
    return st.dictionaries(st.sampled_from(keys), TEXT, max_size=len(keys))


def _clean(params: dict) -> dict:
    # The HTTP layer cannot carry lone surrogates; browsers never send them.
    return {k: v.encode("utf-8", "replace").decode("utf-8") for k, v in params.items()}


@pytest.fixture
def content(site_tree):
    make_document(title="关于增值税发票管理的公告", doc_number="国家税务总局公告2025年第1号")
    return ConsultationFactory()


def _ok(response) -> None:
    assert response.status_code < 500, response.content[:300]


def test_query_strings_of_public_pages_never_fail(content):
    from lists.models import PowerListIndexPage, ServiceGuideIndexPage, TaskListIndexPage
    from policies.models import PolicyIndexPage

    client = Client()
    pages = [
        ("/api/policies/", POLICY_KEYS),
        (PolicyIndexPage.objects.get().url, POLICY_KEYS),
        ("/search/", SEARCH_KEYS),
        ("/api/search/", SEARCH_KEYS),
        ("/api/search/suggest/", ("q",)),
        ("/disclosure/track/", ("number", "code")),
        (content.get_parent().url, ("page", "status", "q")),
        (PowerListIndexPage.objects.get().url, LIST_KEYS),
        (ServiceGuideIndexPage.objects.get().url, LIST_KEYS),
        (TaskListIndexPage.objects.get().url, LIST_KEYS),
    ]

    @FUZZ
    @given(index=st.integers(0, len(pages) - 1), params=st.data())
    def run(index, params):
        url, keys = pages[index]
        _ok(client.get(url, _clean(params.draw(_query(keys)))))

    run()


def test_disclosure_forms_never_fail(site_tree):
    from tests.disclosure.test_public import form_data

    client = Client()
    fields = tuple(form_data())

    @FUZZ
    @given(overrides=st.dictionaries(st.sampled_from(fields), TEXT, max_size=5))
    def run(overrides):
        cache.clear()
        _ok(client.post("/disclosure/apply/", _clean(form_data(**overrides))))
        _ok(client.post("/disclosure/track/", _clean(overrides)))

    run()


def test_consultation_comment_form_never_fails(content):
    client = Client()
    url = f"/consultation/{content.pk}/comment/"
    fields = tuple(comment_data())

    @FUZZ
    @given(overrides=st.dictionaries(st.sampled_from(fields), TEXT, max_size=4))
    def run(overrides):
        cache.clear()
        _ok(client.post(url, _clean(comment_data(**overrides))))

    run()
