"""Downloads of the 第二十条 lists: the public workbook (what the column shows, persons masked)
and the staff's full export, which `importing.import_rows` reads back."""

from datetime import date
from decimal import Decimal

from openpyxl import Workbook

from enforcement.resources import LABELS, RESOURCES
from enforcement.selectors import row_fields
from portal.spreadsheets.exports import finish_sheet, finish_xlsx, workbook_bytes
from portal.spreadsheets.widgets import safe_cell

MAX_PUBLIC_ROWS = 20000  # far above any year's decisions; keeps one download bounded


def public_workbook(kind: str, rows) -> bytes:
    """The visitor's filtered rows with the columns of the public row page, one row each."""
    workbook = Workbook()
    sheet = workbook.active
    header_written = False
    for row in rows[:MAX_PUBLIC_ROWS]:
        fields = row_fields(kind, row)
        if not header_written:
            sheet.append([label for label, _ in fields])
            header_written = True
        sheet.append([safe_cell(value) for _, value in fields])
    if not header_written:
        sheet.append([label for label, _ in _empty_fields(kind)])
    finish_sheet(sheet, title=LABELS[kind])
    return workbook_bytes(workbook)


def _empty_fields(kind: str) -> list[tuple[str, str]]:
    from enforcement.models import EnforcementDecision, FeeItem

    if kind == "decisions":
        sample = EnforcementDecision(decided_on=date.min)
    else:
        sample = FeeItem(amount=Decimal("0"))
    return row_fields(kind, sample)


def staff_workbook(kind: str) -> bytes:
    """Every row (drafts too, as saved) in the import's columns."""
    dataset = RESOURCES[kind]().export()
    return finish_xlsx(dataset.export("xlsx"), title=LABELS[kind])


def export_filename(kind: str, on: date) -> str:
    """行政执法公示-2026-11-30.xlsx: the column's Chinese name and the day."""
    return f"{LABELS[kind]}-{on.isoformat()}.xlsx"
