"""Sections 二 and 四 from plain facts: every number of both tables."""

from datetime import date

from annual_report.appeals import AppealFact, count_appeals
from annual_report.proactive import PolicyFact, count_policies


def _counts(cells):
    return {key: {m: len(ids) for m, ids in value.items()} for key, value in cells.items()}


POLICIES = [
    # a rule issued in 2025 and still valid
    PolicyFact(1, "rule", date(2025, 3, 1), "valid", ((date(2025, 3, 1), "valid"),)),
    # a rule issued in 2019, repealed in 2025
    PolicyFact(
        2,
        "rule",
        date(2019, 1, 1),
        "repealed",
        ((date(2019, 1, 1), "valid"), (date(2025, 6, 30), "repealed")),
    ),
    # a normative document issued 2025, partly invalid since 2025-11 -> still in force
    PolicyFact(
        3,
        "normative",
        date(2025, 2, 1),
        "partially_invalid",
        ((date(2025, 2, 1), "valid"), (date(2025, 11, 1), "partially_invalid")),
    ),
    # a normative document repealed in 2026: in force at the end of 2025, not repealed in 2025
    PolicyFact(
        4,
        "normative",
        date(2020, 5, 1),
        "repealed",
        ((date(2020, 5, 1), "valid"), (date(2026, 1, 15), "repealed")),
    ),
    # a normative document that lost force in 2024: neither repealed in 2025 nor valid
    PolicyFact(
        5,
        "normative",
        date(2018, 5, 1),
        "invalid",
        ((date(2018, 5, 1), "valid"), (date(2024, 3, 1), "invalid")),
    ),
    # issued late in 2025 but not yet effective at year end
    PolicyFact(
        6,
        "normative",
        date(2025, 12, 20),
        "not_yet_effective",
        ((date(2025, 12, 20), "not_yet_effective"),),
    ),
    # a normative document issued in 2026 does not exist yet for 2025
    PolicyFact(7, "normative", date(2026, 1, 2), "valid", ((date(2026, 1, 2), "valid"),)),
    # other levels are not in the table
    PolicyFact(8, "other", date(2025, 3, 1), "valid", ((date(2025, 3, 1), "valid"),)),
]


def test_policy_table_2025():
    assert _counts(count_policies(POLICIES, 2025)) == {
        "rule": {"issued": 1, "repealed": 1, "valid": 1},
        "normative": {"issued": 2, "repealed": 0, "valid": 2},
    }


def test_policy_table_2026_counts_the_later_repeal():
    assert _counts(count_policies(POLICIES, 2026)) == {
        "rule": {"issued": 0, "repealed": 0, "valid": 1},
        "normative": {"issued": 1, "repealed": 1, "valid": 2},
    }


APPEALS = [
    AppealFact(1, "reconsideration", date(2025, 2, 1), "upheld", date(2025, 4, 1)),
    AppealFact(2, "reconsideration", date(2025, 3, 1), "corrected", date(2025, 5, 1)),
    AppealFact(3, "reconsideration", date(2025, 3, 5), "other", date(2025, 6, 1)),
    AppealFact(4, "reconsideration", date(2025, 11, 1), "pending", None),
    # decided in 2026: still 尚未审结 at the end of 2025
    AppealFact(5, "reconsideration", date(2025, 10, 1), "upheld", date(2026, 2, 1)),
    # filed in 2024, decided in 2025
    AppealFact(6, "direct_lawsuit", date(2024, 9, 1), "corrected", date(2025, 3, 1)),
    AppealFact(7, "direct_lawsuit", date(2025, 8, 1), "pending", None),
    # decided in 2024: not in the 2025 table
    AppealFact(8, "direct_lawsuit", date(2024, 1, 1), "upheld", date(2024, 6, 1)),
    AppealFact(9, "lawsuit_after_reconsideration", date(2025, 6, 1), "upheld", date(2025, 9, 1)),
    AppealFact(10, "lawsuit_after_reconsideration", date(2025, 6, 2), "other", date(2025, 9, 2)),
    # filed in 2026: not yet
    AppealFact(11, "lawsuit_after_reconsideration", date(2026, 1, 5), "pending", None),
]


def test_appeal_row_2025_all_fifteen_numbers():
    assert _counts(count_appeals(APPEALS, 2025)) == {
        "reconsideration": {"upheld": 1, "corrected": 1, "other": 1, "pending": 2, "total": 5},
        "direct_lawsuit": {"upheld": 0, "corrected": 1, "other": 0, "pending": 1, "total": 2},
        "lawsuit_after_reconsideration": {
            "upheld": 1,
            "corrected": 0,
            "other": 1,
            "pending": 0,
            "total": 2,
        },
    }


def test_case_open_across_year_end_moves_to_its_result_next_year():
    cells = count_appeals(APPEALS, 2026)
    assert cells["reconsideration"]["upheld"] == [5]
    assert cells["reconsideration"]["pending"] == [4]
    assert cells["lawsuit_after_reconsideration"]["pending"] == [11]
