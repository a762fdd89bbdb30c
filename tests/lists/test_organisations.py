"""The organisations interface other apps read 机构职能 through."""

import pytest

from lists import organisations
from tests.lists.factories import UnitFactory

pytestmark = pytest.mark.django_db


def test_remembered_reads_each_role_once_and_forgets_after_the_block(
    django_assert_num_queries,
):
    UnitFactory(name="国家税务总局某某省税务局", is_agency=True)
    office = UnitFactory(name="办公室", is_disclosure_office=True, phone="0571-12366")
    with organisations.remembered(), django_assert_num_queries(2):
        for _ in range(3):
            assert organisations.agency().name == "国家税务总局某某省税务局"
            assert organisations.disclosure_office().phone == "0571-12366"
    office.name = "政务公开办公室"
    office.save()
    assert organisations.disclosure_office().name == "政务公开办公室"
