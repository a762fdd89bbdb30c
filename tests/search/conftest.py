import pytest

from search.backends import _backend_for, get_backend


@pytest.fixture(autouse=True)
def clean_index(db):
    """The embedded index is a file outside the test database: empty it around every test."""
    _backend_for.cache_clear()
    get_backend().clear()
    yield
    get_backend().clear()
