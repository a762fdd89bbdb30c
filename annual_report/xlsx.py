"""The report's tables as an Excel workbook, one sheet per table, merges as in the format."""

from collections.abc import Iterator

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from annual_report.grids import Cell, Grid, appeals_grid, applications_grid, proactive_grid
from portal.spreadsheets.exports import finish_sheet, workbook_bytes

SHEET_NAMES = ["表二 主动公开", "表三 申请情况", "表四 复议诉讼"]
MIN_COLUMN_WIDTH = 10  # numbers under a merged heading still get room
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def place(rows: list[list[Cell]], first_row: int = 0) -> Iterator[tuple[int, int, Cell]]:
    """(row, column, cell) zero-based positions of an HTML-style grid with row/col spans."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows, start=first_row):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            yield r, c, cell
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan


def _write_grid(sheet, grid: Grid, year: int, unit: str, agency_name: str) -> None:
    title = f"{agency_name}{year}年度 {grid.title}"
    sheet.cell(row=1, column=1, value=title).font = Font(bold=True, size=13)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.width)
    sheet.cell(row=2, column=1, value=unit)
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=grid.width)
    offset = 3
    for r, c, cell in place([*grid.head, *grid.body]):
        row, column = r + offset, c + 1
        target = sheet.cell(row=row, column=column)
        if cell.number and cell.text != "":
            try:
                target.value = int(cell.text)
            except ValueError:
                target.value = float(cell.text)
        else:
            target.value = cell.text
        merged = cell.rowspan > 1 or cell.colspan > 1
        horizontal = ("center" if merged else "left") if cell.header else "right"
        target.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        if cell.header:
            target.font = Font(bold=merged)
        for dr in range(cell.rowspan):
            for dc in range(cell.colspan):
                sheet.cell(row=row + dr, column=column + dc).border = BORDER
        if merged:
            sheet.merge_cells(
                start_row=row,
                start_column=column,
                end_row=row + cell.rowspan - 1,
                end_column=column + cell.colspan - 1,
            )
    finish_sheet(sheet, header_rows=2 + len(grid.head), bold=False)
    for index in range(1, grid.width + 1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = max(dimension.width or 0, MIN_COLUMN_WIDTH)


def report_workbook(figures: dict, agency_name: str = "") -> bytes:
    """The three tables of `figures` as XLSX bytes, titled with the issuing agency's name; the
    headings stay in view while scrolling and columns fit their longest label."""
    workbook = Workbook()
    grids = [proactive_grid(figures), applications_grid(figures), appeals_grid(figures)]
    units = ["单位：件（收费金额：万元）", "单位：件", "单位：件"]
    for index, (grid, name, unit) in enumerate(zip(grids, SHEET_NAMES, units, strict=True)):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = name
        _write_grid(sheet, grid, figures["year"], unit, agency_name)
    return workbook_bytes(workbook)
