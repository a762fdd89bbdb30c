"""XLSX downloads that read well in Excel and WPS: Chinese sheet and file names, columns sized to
their content, the header frozen while scrolling. Every download of the portal ends here.
"""

import unicodedata
from datetime import date, datetime
from io import BytesIO
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE_MAX = 31  # Excel's limit
_SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "－"))
MIN_WIDTH = 8
MAX_WIDTH = 60


def sheet_title(name: str) -> str:
    """A title Excel accepts: no []:*?/\\ and at most 31 characters."""
    return (name.translate(_SHEET_TITLE_FORBIDDEN).strip() or "Sheet")[:SHEET_TITLE_MAX]


def display_width(value) -> int:
    """Width in Excel's character units: a Chinese character takes two."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    text = str(value)
    longest = max(text.split("\n"), key=len) if text else ""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in longest)


def finish_sheet(sheet, *, title: str | None = None, header_rows: int = 1, bold: bool = True):
    """Name the sheet, freeze the first `header_rows` rows, bold them and size every column to
    its widest cell (long text wraps at MAX_WIDTH). Cells merged across columns (titles) are left
    out of the measure so they do not widen the first column."""
    if title:
        sheet.title = sheet_title(title)
    if header_rows:
        sheet.freeze_panes = sheet.cell(row=header_rows + 1, column=1)
    spanning = set()
    for merged in sheet.merged_cells.ranges:
        if merged.max_col > merged.min_col:
            spanning.add((merged.min_row, merged.min_col))
    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None or (cell.row, cell.column) in spanning:
                continue
            if bold and cell.row <= header_rows:
                cell.font = Font(bold=True)
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            width = display_width(cell.value)
            if width > MAX_WIDTH:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            widths[cell.column] = max(widths.get(cell.column, 0), width)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(
            max(width + 2, MIN_WIDTH), MAX_WIDTH
        )
    return sheet


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def finish_xlsx(content: bytes, *, title: str, header_rows: int = 1) -> bytes:
    """The same finish for a file another library wrote (tablib's one-sheet exports)."""
    workbook = load_workbook(BytesIO(content))
    finish_sheet(workbook.active, title=title, header_rows=header_rows)
    return workbook_bytes(workbook)


def download_response(content: bytes, filename: str, content_type: str = XLSX_TYPE) -> HttpResponse:
    """An attachment with its Chinese file name (RFC 6266 filename*, with an ASCII fallback for
    old clients)."""
    response = HttpResponse(content, content_type=content_type)
    fallback = filename.encode("ascii", "ignore").decode().strip("-_ ") or "download"
    if "." not in fallback and "." in filename:
        fallback = f"download.{filename.rsplit('.', 1)[1]}"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response
