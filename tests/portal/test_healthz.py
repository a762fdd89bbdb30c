"""GET /healthz tells monitors which dependency failed."""

import pytest
from django.db.backends.utils import CursorWrapper

from search.backends import _backend_for


@pytest.fixture(autouse=True)
def _fresh_backend():
    _backend_for.cache_clear()
    yield
    _backend_for.cache_clear()


def test_healthz_reports_ok_with_embedded_search(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "search": "ok",
        "search_backend": "embedded",
        "search_backlog": 0,
    }


def test_healthz_names_search_when_elasticsearch_is_unreachable(client, db, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["search"] == "error"
    assert body["database"] == "ok"
    assert body["search_backend"] == "elasticsearch"


def test_healthz_names_database_when_queries_fail(client, db, monkeypatch):
    def broken_execute(self, sql, params=None):
        raise RuntimeError("database is down")

    with monkeypatch.context() as patched:
        patched.setattr(CursorWrapper, "execute", broken_execute)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_healthz_names_database_when_it_refuses_writes(client, db):
    from portal.models import HealthProbe
    from tests.support.outage import read_only_database

    with read_only_database():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert response.json()["status"] == "error"
    # The probe's row never stays behind, not even after a successful check.
    assert client.get("/healthz").status_code == 200
    assert not HealthProbe.objects.exists()
