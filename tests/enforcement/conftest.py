import pytest

from tests.lists.factories import UnitFactory


@pytest.fixture
def unit(site_tree):
    """A unit that makes decisions, on the built site tree (the two columns are live)."""
    return UnitFactory(name="第一稽查局")
