import os
import uuid

import pytest

from search.backends import _backend_for, get_backend


@pytest.fixture(autouse=True)
def clean_index(db):
    """The embedded index is a file outside the test database: empty it around every test."""
    _backend_for.cache_clear()
    get_backend().clear()
    yield
    get_backend().clear()


def _unavailable(message: str) -> None:
    """Skip, unless `make test-es` asked for a node (ELASTICSEARCH_REQUIRED): then fail."""
    if os.environ.get("ELASTICSEARCH_REQUIRED"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture
def elasticsearch_url() -> str:
    """A real Elasticsearch node for the `live_es` tests: `make elasticsearch && make test-es`."""
    url = os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        _unavailable(
            "未设置 ELASTICSEARCH_URL，跳过真实 Elasticsearch 节点的测试"
            "（make elasticsearch && make test-es 会运行它们）"
        )
    return url


@pytest.fixture
def elasticsearch_site(elasticsearch_url, settings):
    """The site switched to the real node, under an index prefix of its own, removed afterwards."""
    from search.backends.elasticsearch import ElasticsearchBackend

    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.SEARCH_INDEX_PREFIX = f"test-live-{uuid.uuid4().hex[:8]}"
    _backend_for.cache_clear()
    backend = get_backend()
    assert isinstance(backend, ElasticsearchBackend)
    yield backend
    _backend_for.cache_clear()
    backend.drop()
