import io

import pytest

from fixtures.demo import lists as demo_lists


@pytest.fixture
def demo(site_tree, django_capture_on_commit_callbacks):
    """Site tree plus the lists demo content (seed 004 task list, units, items, guides), committed
    as far as search is concerned: the index follows list items on commit."""
    with django_capture_on_commit_callbacks(execute=True):
        demo_lists.load(io.StringIO())
    return site_tree
