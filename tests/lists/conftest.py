import io

import pytest

from fixtures.demo import lists as demo_lists


@pytest.fixture
def demo(site_tree):
    """Site tree plus the lists demo content (seed 004 task list, units, items, guides)."""
    demo_lists.load(io.StringIO())
    return site_tree
