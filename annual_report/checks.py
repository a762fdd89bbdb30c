"""Consistency checks run before a report may be published.

Pure functions over the figures dict: the format's own balance (一 + 二 = 三（七）总计 + 四 in every
column), every total equal to the sum of its parts, no ledger anomaly and no number changed since
the draft was generated. `article20_warnings` points out empty 第二十条 lists without blocking: a
year may truly have no 行政强制 decision or no fee.
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
from annual_report.figures import ARTICLE20_COUNTS, flatten
from annual_report.labels import (
    ARTICLE20_LABELS,
    COLUMN_LABELS,
    ROUTE_LABELS,
    cell_label,
    row_label,
)


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


def article20_warnings(figures: dict) -> list[str]:
    """表二's 第二十条 lists that have nothing published for the year: worth a look (rows not
    yet imported, or still awaiting review) before the report goes out, but not an error."""
    counted = figures.get("article20", {})
    year = figures.get("year")
    warnings = [
        f"{year}年没有已发布的{ARTICLE20_LABELS[key]}决定，表二该项为 0。"
        "如有决定尚未录入或仍在审核，请先在“行政执法公示”中发布。"
        for key in ARTICLE20_COUNTS
        if not counted.get(key)
    ]
    if not counted.get("fee_items"):
        warnings.append(
            f"{year}年没有已发布的行政事业性收费项目，表二收费金额为 0。"
            "如有收费项目，请先在“行政事业性收费”中发布。"
        )
    return warnings


def check_report(*, draft: dict, current: dict) -> list[CheckFailure]:
    """All checks a report must pass before publishing."""
    return [*check_figures(draft), *check_unchanged(draft, current)]
