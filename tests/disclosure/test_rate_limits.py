"""Rate limits never destroy typed work: only successful applications count toward the per-IP
limit; over it, the form comes back with everything typed and says when to try again; behind the
reverse proxy the limit belongs to the real client address, never to the proxy's."""

import pytest

from disclosure.models import DisclosureRequest

from .test_public import form_data

pytestmark = pytest.mark.django_db

LIMIT = 10  # disclosure-apply: 10/h
PROXY = "10.0.0.1"


def _apply(client, **extra):
    return client.post("/disclosure/apply/", form_data(), **extra)


def test_refused_submissions_do_not_use_the_allowance_up(client):
    for _ in range(LIMIT + 5):
        response = client.post("/disclosure/apply/", form_data(consent=""))
        assert response.status_code == 200  # the form with its message, not 429
    for _ in range(LIMIT):
        assert _apply(client).status_code == 302
    assert DisclosureRequest.objects.count() == LIMIT


def test_over_the_limit_the_form_comes_back_with_everything_typed(client, clock):
    clock.set(2026, 11, 30, 9, 10)
    for _ in range(LIMIT):
        assert _apply(client).status_code == 302
    typed = form_data(applicant_name="李四", description="请公开本局2026年预算执行情况说明")
    response = client.post("/disclosure/apply/", typed)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "提交过于频繁" in page and "分钟后" in page and "以后）再试" in page
    assert 'value="李四"' in page
    assert "请公开本局2026年预算执行情况说明" in page
    assert f'value="{typed["submission_token"]}"' in page
    assert DisclosureRequest.objects.count() == LIMIT


def test_behind_the_proxy_each_client_has_its_own_allowance(client, settings):
    settings.PORTAL_TRUSTED_PROXIES = [f"{PROXY}/32"]
    first = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    for _ in range(LIMIT):
        assert _apply(client, **first).status_code == 302
    assert _apply(client, **first).status_code == 429
    # A forged left-hand entry does not make the first client someone else.
    forged = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.9, 203.0.113.5"}
    assert _apply(client, **forged).status_code == 429
    # Another person behind the same proxy is not limited by the first one's applications.
    second = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.77"}
    assert _apply(client, **second).status_code == 302
