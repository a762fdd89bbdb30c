"""The three official tables as grids of cells with their merges.

One layout feeds the web page, the PDF and the XLSX file, so the merged headers and row labels are
written once, exactly as the national format prints them.
"""

from dataclasses import dataclass, field

from annual_report.appeals import RESULT_KEYS, ROUTES
from annual_report.applications import (
    COLUMN_KEYS,
    KIND_CODES,
    OUTCOME_CODES,
    ROW_CARRIED_IN,
    ROW_CARRIED_OUT,
    ROW_NEW,
    ROW_RESULT_TOTAL,
)
from annual_report.figures import empty_article20
from annual_report.labels import (
    APPLICANT_HEADING,
    ARTICLE20_LABELS,
    BALANCE_NOTE,
    COLUMN_LABELS,
    LEGAL_PERSON_HEADING,
    OUTCOME_LABELS,
    POLICY_LABELS,
    POLICY_MEASURE_LABELS,
    RESULT_LABELS,
    RESULTS_HEADING,
    ROW_LABELS,
)
from annual_report.proactive import SECTION2_LEVELS


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    number: bool = False
    key: tuple[str, str, str] | None = None  # (section, row, column), for the drill-down
    label: str = ""  # a value cell's column headings, shown beside it on phones


@dataclass
class Grid:
    title: str
    width: int
    head: list[list[Cell]] = field(default_factory=list)
    body: list[list[Cell]] = field(default_factory=list)

    @property
    def stacks(self) -> bool:
        """Wide grids with headers turn into label/value cards on phones."""
        return bool(self.head) and self.width > 4

    def stacked_rows(self) -> list[tuple[str, list[Cell]]]:
        """Body rows with what a phone needs to show them as cards: (context, labelled cells).

        Each value cell's label joins its column headings, leaving out a heading over every value
        column (申请人情况), which says nothing about one value. The context names row headings
        that span down from earlier rows and would vanish from a stacked row. Done here rather
        than in the browser, so phones get their layout at first paint with no script.
        """
        head_places = _place(self.head)
        body_places = _place(self.body)
        value_columns = {
            column
            for row in body_places
            for column, cell in row.items()
            if not cell.header and _first_column(row, cell) == column
        }

        def covers_all(cell: Cell, first: int) -> bool:
            return all(first <= column < first + cell.colspan for column in value_columns)

        def column_label(column: int) -> str:
            parts: list[str] = []
            for row in head_places:
                cell = row.get(column)
                if cell is None or covers_all(cell, _first_column(row, cell)):
                    continue
                text = cell.text.strip()
                if text and text not in parts:
                    parts.append(text)
            return " · ".join(parts)

        rows = []
        for index, cells in enumerate(self.body):
            own = {id(cell) for cell in cells}
            for cell in cells:
                if not cell.header:
                    cell.label = column_label(_first_column(body_places[index], cell))
            above: list[str] = []
            for column in sorted(body_places[index]):
                cell = body_places[index][column]
                if cell.header and id(cell) not in own and cell.text not in above:
                    above.append(cell.text)
            rows.append((" · ".join(above), cells))
        return rows


def _place(rows: list[list[Cell]]) -> list[dict[int, Cell]]:
    """Every cell of `rows` on a grid of row → {column: cell}, following rowspan and colspan."""
    places: list[dict[int, Cell]] = [{} for _ in rows]
    for row_index, cells in enumerate(rows):
        column = 0
        for cell in cells:
            while column in places[row_index]:
                column += 1
            for row_offset in range(cell.rowspan):
                if row_index + row_offset < len(places):
                    for column_offset in range(cell.colspan):
                        places[row_index + row_offset][column + column_offset] = cell
            column += cell.colspan
    return places


def _first_column(row: dict[int, Cell], cell: Cell) -> int:
    return min(column for column, placed in row.items() if placed is cell)


def _h(text: str, rowspan: int = 1, colspan: int = 1) -> Cell:
    return Cell(text, rowspan=rowspan, colspan=colspan, header=True)


def _n(value, key: tuple[str, str, str] | None = None) -> Cell:
    return Cell("" if value is None else str(value), number=True, key=key)


def proactive_grid(figures: dict) -> Grid:
    """表二: Art. 20 items (1), (5), (6), (8) in four blocks of four columns; (5), (6) and (8)
    are counted from the published 行政执法公示 and 行政事业性收费 lists."""
    grid = Grid("二、主动公开政府信息情况", width=4)
    policies = figures["policies"]
    rows = grid.body
    rows.append([_h("第二十条第（一）项", colspan=4)])
    rows.append(
        [_h("信息内容"), *[_h(POLICY_MEASURE_LABELS[m]) for m in ("issued", "repealed", "valid")]]
    )
    for level, _label in SECTION2_LEVELS:
        cells = policies[level]
        rows.append(
            [
                _h(POLICY_LABELS[level]),
                *[
                    _n(cells[measure], key=("policies", level, measure))
                    for measure in ("issued", "repealed", "valid")
                ],
            ]
        )
    article20 = {**empty_article20(), **figures.get("article20", {})}
    blocks = [
        ("第二十条第（五）项", "本年处理决定数量", ["licensing"]),
        ("第二十条第（六）项", "本年处理决定数量", ["penalty", "coercion"]),
        ("第二十条第（八）项", "本年收费金额（单位：万元）", ["fee_amount"]),
    ]
    for heading, measure, keys in blocks:
        rows.append([_h(heading, colspan=4)])
        rows.append([_h("信息内容"), _h(measure, colspan=3)])
        for key in keys:
            value = Cell(
                str(article20[key]), colspan=3, number=True, key=("article20", key, "list")
            )
            rows.append([_h(ARTICLE20_LABELS[key]), value])
    return grid


def applications_grid(figures: dict) -> Grid:
    """表三: three header rows under 申请人情况, 25 body rows with the format's labels."""
    grid = Grid("三、收到和处理政府信息公开申请情况", width=10)
    table = figures["applications"]
    grid.head = [
        [_h(BALANCE_NOTE, rowspan=3, colspan=3), _h(APPLICANT_HEADING, colspan=7)],
        [
            _h(COLUMN_LABELS[KIND_CODES[0]], rowspan=2),
            _h(LEGAL_PERSON_HEADING, colspan=5),
            _h(COLUMN_LABELS["total"], rowspan=2),
        ],
        [_h(COLUMN_LABELS[kind]) for kind in KIND_CODES[1:]],
    ]

    def values(row: str) -> list[Cell]:
        return [_n(table[row][column], key=("applications", row, column)) for column in COLUMN_KEYS]

    grid.body.append([_h(ROW_LABELS[ROW_NEW], colspan=3), *values(ROW_NEW)])
    grid.body.append([_h(ROW_LABELS[ROW_CARRIED_IN], colspan=3), *values(ROW_CARRIED_IN)])
    result_rows = len(OUTCOME_CODES) + 1
    previous_group = None
    group_sizes: dict[str, int] = {}
    for code in OUTCOME_CODES:
        group = OUTCOME_LABELS[code][0]
        group_sizes[group] = group_sizes.get(group, 0) + 1
    for index, code in enumerate(OUTCOME_CODES):
        group, label = OUTCOME_LABELS[code]
        row: list[Cell] = []
        if index == 0:
            row.append(_h(RESULTS_HEADING, rowspan=result_rows))
        if group == label:
            row.append(_h(label, colspan=2))
        else:
            if group != previous_group:
                row.append(_h(group, rowspan=group_sizes[group]))
            row.append(_h(label))
        previous_group = group
        grid.body.append([*row, *values(code)])
    grid.body.append([_h(ROW_LABELS[ROW_RESULT_TOTAL], colspan=2), *values(ROW_RESULT_TOTAL)])
    grid.body.append([_h(ROW_LABELS[ROW_CARRIED_OUT], colspan=3), *values(ROW_CARRIED_OUT)])
    return grid


def appeals_grid(figures: dict) -> Grid:
    """表四: 行政复议 (5) | 行政诉讼: 未经复议直接起诉 (5), 复议后起诉 (5); one row of 15."""
    grid = Grid("四、政府信息公开行政复议、行政诉讼情况", width=15)
    grid.head = [
        [_h("行政复议", colspan=5), _h("行政诉讼", colspan=10)],
        [
            *[_h(RESULT_LABELS[key], rowspan=2) for key in RESULT_KEYS],
            _h("未经复议直接起诉", colspan=5),
            _h("复议后起诉", colspan=5),
        ],
        [_h(RESULT_LABELS[key]) for _ in range(2) for key in RESULT_KEYS],
    ]
    grid.body = [
        [
            _n(figures["appeals"][route][key], key=("appeals", route, key))
            for route, _label in ROUTES
            for key in RESULT_KEYS
        ]
    ]
    return grid
