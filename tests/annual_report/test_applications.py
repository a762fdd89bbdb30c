"""Section 三 from a hand-built ledger: every cell, both year boundaries, withdrawals, fees."""

from datetime import date
from decimal import Decimal

from annual_report.applications import COLUMN_KEYS, ROW_KEYS, classify_applications, fees_charged
from annual_report.checks import check_figures
from annual_report.figures import compute_figures
from tests.annual_report.ledger_cases import EXPECTED_2025, EXTRAS, Record, ledger


def test_every_cell_of_the_2025_table():
    counts = classify_applications(ledger(), 2025).counts()
    assert list(counts) == ROW_KEYS
    table = {row: [counts[row][column] for column in COLUMN_KEYS] for row in ROW_KEYS}
    assert table == EXPECTED_2025


def test_hand_built_ledger_balances_and_has_no_anomaly():
    figures = compute_figures(year=2025, policies=[], ledger=ledger(), appeals=[])
    assert figures["anomalies"] == []
    assert check_figures(figures) == []


def test_cells_list_the_requests_counted_in_them():
    cells = classify_applications(ledger(), 2025).cells
    ids = {record.request_id: key for key, record in EXTRAS.items()}
    assert sorted(ids[i] for i in cells["carried_in"]["total"]) == ["C", "D", "F", "J"]
    assert sorted(ids[i] for i in cells["carried_out"]["total"]) == ["F", "G", "H"]
    assert [ids.get(i, i) for i in cells["other_3"]["natural_person"]] == ["D", "B"]
    assert cells["other_3"]["research"] == [120]  # the explicit 3.其他 of the outcome loop


def test_next_year_carries_in_what_2025_carried_out():
    counts = classify_applications(ledger(), 2026).counts()
    assert counts["carried_in"]["total"] == 3
    assert counts["carried_in"]["research"] == counts["carried_in"]["legal_service"] == 1
    assert counts["partial"]["other_org"] == 1  # H answered in 2026
    assert counts["new"]["natural_person"] == 1  # I
    assert counts["carried_out"]["total"] == 3  # F, G and I still open


def test_previous_year_counts_its_own_requests():
    counts = classify_applications(ledger(), 2024).counts()
    assert counts["new"]["total"] == 5  # C, D, E, J, L
    assert counts["carried_in"]["total"] == 1  # F from 2023
    assert counts["disclose"]["public_welfare"] == 1  # E
    assert counts["other_3"]["other_org"] == 1  # L withdrawn in 2024
    assert counts["carried_out"]["total"] == 4  # C, D, F, J


def test_fees_are_counted_in_the_year_they_were_paid():
    assert fees_charged(ledger(), 2025) == (Decimal("150.50"), [1, 11])
    assert fees_charged(ledger(), 2024) == (Decimal("50.00"), [5])


def test_answer_dated_before_receipt_is_reported_and_breaks_the_balance():
    bad = Record(500, "2025-BAD", "commercial", date(2025, 5, 1), date(2025, 4, 1), "disclose")
    figures = compute_figures(year=2025, policies=[], ledger=[*ledger(), bad], appeals=[])
    assert figures["anomalies"] == ["申请 2025-BAD 的办结日期早于收到日期。"]
    codes = {failure.code for failure in check_figures(figures)}
    assert {"balance", "ledger"} <= codes


def test_unknown_applicant_kind_is_reported_not_counted():
    odd = Record(501, "2025-ODD", "alien", date(2025, 5, 1))
    result = classify_applications([odd], 2025)
    assert result.anomalies == ["申请 2025-ODD 的申请人类型“alien”无效。"]
    assert result.counts()["new"]["total"] == 0
