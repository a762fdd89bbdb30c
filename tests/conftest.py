"""Fixtures shared by every capability's tests."""

import pytest
from wagtail.models import Site

from cms.services.site_tree import ensure_site_tree


@pytest.fixture
def site_tree(db):
    """The statutory page tree, exactly as `make run` builds it."""
    return ensure_site_tree(hostname="testserver")


@pytest.fixture
def default_site(site_tree) -> Site:
    return Site.objects.get(is_default_site=True)
