"""The annual report counts the published rows; the catalogue lists them."""

from datetime import date
from decimal import Decimal

from cms import catalogue
from cms.catalogue import CatalogueQuery
from enforcement.reporting import article20_figures
from enforcement.rules import PARTY_NATURAL
from tests.enforcement.builders import decision, fee


def test_counts_published_decisions_of_the_year_by_kind(unit, clock):
    clock.set(2026, 9, 30, 9)
    decision(unit, kind="XK", decided_on=date(2025, 1, 2))
    decision(unit, kind="XK", decided_on=date(2025, 12, 31))
    decision(unit, kind="CF", decided_on=date(2025, 7, 1), publicity_until=date(2025, 10, 1))
    decision(unit, kind="QZ", decided_on=date(2024, 12, 31))
    decision(unit, kind="QZ", decided_on=date(2025, 5, 5), published=False)
    fee(year=2025, amount=Decimal("1.25"))
    fee(year=2025, amount=Decimal("2"))
    fee(year=2024, amount=Decimal("100"))
    fee(year=2025, amount=Decimal("50"), published=False)
    counted = article20_figures(2025)
    assert (counted.licensing, counted.penalty, counted.coercion) == (2, 1, 0)
    assert counted.fee_amount == Decimal("3.25") and counted.fee_items == 2


def test_catalogue_lists_the_rows_with_index_numbers(unit):
    row = decision(unit, party_name="陈某人", party_type=PARTY_NATURAL, matter="逾期申报")
    item = fee(name="证照工本费")
    decision(unit, published=False, matter="未发布的决定")
    found = {entry.index_number: entry for entry in catalogue.entries(CatalogueQuery())}
    entry = found[row.index_number]
    assert entry.column == "行政执法公示" and entry.created_on == row.decided_on
    assert "陈**" in entry.summary and "陈某人" not in entry.summary
    assert entry.url.endswith(f"/enforcement/{row.pk}/")
    assert found[item.index_number].column == "行政事业性收费"
    assert not any("未发布的决定" in e.summary for e in found.values())
    assert ("enforcement", "行政执法公示") in catalogue.columns()
    only = catalogue.entries(CatalogueQuery(column="fees"))
    assert [e.index_number for e in only] == [item.index_number]
    assert 2025 in catalogue.years()


def test_catalogue_page_shows_the_rows(client, unit):
    row = decision(unit)
    html = client.get("/xxgk/catalogue/?column=enforcement").content.decode()
    assert row.index_number in html and row.document_number in html
