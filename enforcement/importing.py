"""Staff import of the 第二十条 lists: validate every row → preview → write, all or nothing,
through the portal's one runner (`portal.spreadsheets.imports`), as the other lists import."""

from django.contrib.auth.models import AbstractBaseUser

from enforcement.resources import LABELS, RESOURCES, STEERING_COLUMNS
from portal.spreadsheets.imports import (
    ImportReport,
    SheetRows,
    import_spreadsheet,
    read_spreadsheet,
)

FORMATS = ("xlsx", "csv")
MAX_ROWS = 5000


def read_rows_file(content: bytes, filename: str) -> SheetRows:
    """An uploaded XLSX or CSV of at most MAX_ROWS rows; ImportFileError otherwise."""
    return read_spreadsheet(content, filename, formats=FORMATS, max_rows=MAX_ROWS)


def import_rows(
    *, kind: str, rows: SheetRows, dry_run: bool, user: AbstractBaseUser | None = None
) -> ImportReport:
    """Check every row; apply the file only when no row is bad and it is not a dry run. New and
    changed rows are saved as drafts awaiting review (see `enforcement.resources`)."""
    resource = RESOURCES[kind]()
    return import_spreadsheet(
        rows,
        [(resource, rows)],
        label=LABELS[kind],
        dry_run=dry_run,
        required_columns=resource.required_columns,
        preview=True,
        steering_columns=STEERING_COLUMNS,
        user=user,
    )
