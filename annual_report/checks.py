"""Consistency checks run before a report may be published.

Pure functions over the figures dict: the format's own balance (一 + 二 = 三（七）总计 + 四 in every
column), every total equal to the sum of its parts, no ledger anomaly, every staff-entered figure
present with its source, and no number changed since the draft was generated.
"""

from dataclasses import dataclass

from annual_report.appeals import RESULT_TOTAL, RESULTS, ROUTES
from annual_report.applications import (
    COLUMN_KEYS,
    COLUMN_TOTAL,
    KIND_CODES,
    OUTCOME_CODES,
    ROW_CARRIED_IN,
    ROW_CARRIED_OUT,
    ROW_KEYS,
    ROW_NEW,
    ROW_RESULT_TOTAL,
)
from annual_report.figures import flatten
from annual_report.labels import COLUMN_LABELS, ROUTE_LABELS, cell_label, row_label


@dataclass(frozen=True)
class CheckFailure:
    code: str
    message: str
    cells: tuple[tuple[str, ...], ...] = ()


def check_figures(figures: dict) -> list[CheckFailure]:
    """Arithmetic checks of one set of figures; an empty list means it balances."""
    failures: list[CheckFailure] = []
    table = figures["applications"]
    for column in COLUMN_KEYS:
        left = table[ROW_NEW][column] + table[ROW_CARRIED_IN][column]
        right = table[ROW_RESULT_TOTAL][column] + table[ROW_CARRIED_OUT][column]
        if left != right:
            failures.append(
                CheckFailure(
                    "balance",
                    f"“{COLUMN_LABELS[column]}”列：一（{table[ROW_NEW][column]}）+ 二"
                    f"（{table[ROW_CARRIED_IN][column]}）= {left}，但三（七）总计"
                    f"（{table[ROW_RESULT_TOTAL][column]}）+ 四（{table[ROW_CARRIED_OUT][column]}）"
                    f"= {right}。",
                    (("applications", ROW_NEW, column), ("applications", ROW_CARRIED_OUT, column)),
                )
            )
        outcome_sum = sum(table[code][column] for code in OUTCOME_CODES)
        if outcome_sum != table[ROW_RESULT_TOTAL][column]:
            failures.append(
                CheckFailure(
                    "result_total",
                    f"“{COLUMN_LABELS[column]}”列：办理结果各项之和为 {outcome_sum}，"
                    f"但（七）总计为 {table[ROW_RESULT_TOTAL][column]}。",
                    (("applications", ROW_RESULT_TOTAL, column),),
                )
            )
    for row in ROW_KEYS:
        kinds_sum = sum(table[row][kind] for kind in KIND_CODES)
        if kinds_sum != table[row][COLUMN_TOTAL]:
            failures.append(
                CheckFailure(
                    "column_total",
                    f"“{row_label(row)}”行：各类申请人之和为 {kinds_sum}，"
                    f"但总计为 {table[row][COLUMN_TOTAL]}。",
                    (("applications", row, COLUMN_TOTAL),),
                )
            )
    for route, _ in ROUTES:
        cells = figures["appeals"][route]
        parts = sum(cells[key] for key, _ in RESULTS)
        if parts != cells[RESULT_TOTAL]:
            failures.append(
                CheckFailure(
                    "appeal_total",
                    f"表四“{ROUTE_LABELS[route]}”：各项之和为 {parts}，"
                    f"但总计为 {cells[RESULT_TOTAL]}。",
                    (("appeals", route, RESULT_TOTAL),),
                )
            )
    failures.extend(
        CheckFailure("ledger", f"申请台账数据有误：{message}")
        for message in figures.get("anomalies", [])
    )
    return failures


def changed_cells(draft: dict, current: dict) -> list[tuple[tuple[str, ...], object, object]]:
    """(cell, number in the draft, number now) for every cell that differs."""
    before, after = flatten(draft), flatten(current)
    return [
        (path, before.get(path), after.get(path))
        for path in sorted(set(before) | set(after))
        if before.get(path) != after.get(path)
    ]


def check_unchanged(draft: dict, current: dict) -> list[CheckFailure]:
    return [
        CheckFailure(
            "changed",
            f"{cell_label(path)}：草稿生成时为 {old}，现在为 {new}。请重新生成草稿后再发布。",
            (path,),
        )
        for path, old, new in changed_cells(draft, current)
    ]


def check_staff_figures(staff: dict[str, tuple[object, str]]) -> list[CheckFailure]:
    """Each staff-entered figure of section 二 needs a value and the note of its source."""
    failures = []
    for label, (value, source) in staff.items():
        if value is None:
            failures.append(CheckFailure("staff_missing", f"表二“{label}”尚未填写。"))
        elif not (source or "").strip():
            failures.append(CheckFailure("staff_source", f"表二“{label}”未注明数据来源。"))
    return failures


def check_report(
    *, draft: dict, current: dict, staff: dict[str, tuple[object, str]]
) -> list[CheckFailure]:
    """All checks a report must pass before publishing."""
    return [
        *check_figures(draft),
        *check_unchanged(draft, current),
        *check_staff_figures(staff),
    ]
