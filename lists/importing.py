"""Import and export of the lists as XLSX/CSV, shared by the admin views and `import_list`.

Imports go through the portal's one runner (`portal.spreadsheets.imports`): every row is
checked, every bad row is reported with its spreadsheet row number (the header is row 1), a file
with any bad row changes nothing, and a dry run does the same work in a transaction that is
rolled back, so its preview shows exactly what the real import would create, change or delete.
"""

from django.contrib.auth.models import AbstractBaseUser

from lists.resources import LABELS, RESOURCES
from lists.resources.base import STEERING_COLUMNS
from portal.spreadsheets.exports import finish_xlsx
from portal.spreadsheets.imports import (
    SHEET_FORMATS,
    ImportFileError,
    ImportReport,
    SheetRows,
    import_spreadsheet,
    read_spreadsheet,
)

FORMATS = SHEET_FORMATS
MAX_ROWS = 5000


def read_list_file(content: bytes, filename: str) -> SheetRows:
    """An uploaded list: XLSX or CSV, at most MAX_ROWS rows; ImportFileError otherwise."""
    return read_spreadsheet(content, filename, formats=FORMATS, max_rows=MAX_ROWS)


def import_list(
    *,
    kind: str,
    rows: SheetRows,
    dry_run: bool,
    user: AbstractBaseUser | None = None,
) -> ImportReport:
    """Check every row and apply the file only when no row is bad (and not a dry run); the
    report's changes are the preview."""
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


def export_list(*, kind: str, file_format: str = "xlsx", public: bool = False) -> bytes:
    """The whole list as a file that `import_list` reads back to the same data; the public
    download (条例第二十四条: 下载) holds the published entries only and leaves out the columns
    that only steer an import."""
    if file_format not in FORMATS:
        raise ImportFileError(f"不支持的导出格式：{file_format}")
    resource = RESOURCES[kind]()
    queryset = resource.get_queryset()
    if public:
        queryset = queryset.filter(**resource.published_filter)
    dataset = resource.export(queryset=queryset)
    if public:
        for column in STEERING_COLUMNS:
            if column in dataset.headers:
                del dataset[column]
    if file_format == "csv":
        return dataset.export("csv").encode("utf-8-sig")
    return finish_xlsx(dataset.export("xlsx"), title=LABELS[kind])


def export_filename(kind: str, file_format: str, on) -> str:
    """权责清单-2026-11-30.xlsx: the list's Chinese name, as on the page it comes from."""
    return f"{LABELS[kind]}-{on.isoformat()}.{file_format}"
