"""Import and export of the lists as XLSX/CSV, shared by the admin views and `import_list`.

An import is all or nothing: every row is checked, every bad row is reported with its
spreadsheet row number (the header is row 1) and reason, and a file with any bad row changes
nothing. A dry run does the same work inside a transaction that is always rolled back, so its
preview shows exactly what a real import would create, change or delete.
"""

from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from import_export.results import RowResult

from lists.resources import LABELS, RESOURCES

FORMATS = ("xlsx", "csv")
MAX_ROWS = 5000
INTERNAL_COLUMNS = ("删除", "调整原因")  # steer an import; not data of the list itself
ACTION_LABELS = {
    RowResult.IMPORT_TYPE_NEW: "新增",
    RowResult.IMPORT_TYPE_UPDATE: "修改",
    RowResult.IMPORT_TYPE_DELETE: "删除",
    RowResult.IMPORT_TYPE_SKIP: "无变化",
}


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""


@dataclass
class RowChange:
    row: int
    action: str  # 新增, 修改, 删除
    label: str
    changed_columns: list[str] = field(default_factory=list)


@dataclass
class RowProblem:
    row: int | None  # None: the file as a whole
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}" if self.row else self.message


@dataclass
class ImportReport:
    kind: str
    dry_run: bool
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    changes: list[RowChange] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def applied(self) -> bool:
        return self.ok and not self.dry_run

    def summary(self) -> str:
        label = LABELS[self.kind]
        if not self.ok:
            return f"{label}：文件有 {len(self.problems)} 处错误，未导入任何数据。"
        verb = "预览（未保存）" if self.dry_run else "已导入"
        return (
            f"{label}{verb}：共 {self.total_rows} 行，新增 {self.created}，修改 {self.updated}，"
            f"删除 {self.deleted}，无变化 {self.unchanged}。"
        )


def read_dataset(content: bytes, filename: str) -> tablib.Dataset:
    """XLSX or CSV (UTF-8 with or without BOM, or GB18030 as Excel saves it on Chinese Windows)."""
    suffix = Path(filename or "").suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ImportFileError(
            f"不支持的文件格式：{suffix or '无扩展名'}（请上传 .xlsx 或 .csv 文件）"
        )
    if not content:
        raise ImportFileError("文件是空的。")
    try:
        if suffix == "xlsx":
            dataset = tablib.Dataset().load(content, format="xlsx")
        else:
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = content.decode("gb18030")
            dataset = tablib.Dataset().load(text, format="csv")
    except ImportFileError:
        raise
    except Exception as error:  # noqa: BLE001 - any parser failure means an unreadable file
        raise ImportFileError(f"无法读取文件，请确认它是有效的 {suffix.upper()} 文件。") from error
    if not dataset.headers:
        raise ImportFileError("文件没有表头行。")
    dataset.headers = [str(h).strip() if h is not None else "" for h in dataset.headers]
    if len(dataset) > MAX_ROWS:
        raise ImportFileError(f"文件行数过多（{len(dataset)} 行），一次最多导入 {MAX_ROWS} 行。")
    return _drop_blank_rows(dataset)


def _drop_blank_rows(dataset: tablib.Dataset) -> tablib.Dataset:
    """Trailing empty rows are common in spreadsheets; they are not data."""
    rows = list(dataset)
    while rows and all(cell in (None, "") for cell in rows[-1]):
        rows.pop()
    cleaned = tablib.Dataset(headers=dataset.headers)
    for row in rows:
        cleaned.append(row)
    return cleaned


def import_list(
    *,
    kind: str,
    dataset: tablib.Dataset,
    dry_run: bool,
    user: AbstractBaseUser | None = None,
) -> ImportReport:
    """Check every row and apply the file only when no row is bad (and not a dry run)."""
    resource = RESOURCES[kind]()
    report = ImportReport(kind=kind, dry_run=dry_run, total_rows=len(dataset))
    headers = [h for h in dataset.headers if h]
    if len(set(headers)) != len(headers):
        duplicates = sorted({h for h in headers if headers.count(h) > 1})
        report.problems.append(RowProblem(None, f"表头有重复的列：{'、'.join(duplicates)}"))
    missing = [column for column in resource.required_columns if column not in headers]
    if missing:
        report.problems.append(RowProblem(None, f"缺少必需的列：{'、'.join(missing)}"))
    if report.problems:
        return report
    if not len(dataset):
        report.problems.append(RowProblem(None, "文件中没有数据行。"))
        return report

    columns = {f.attribute or name: f.column_name for name, f in resource.fields.items()}
    columns.update({name: f.column_name for name, f in resource.fields.items()})
    with transaction.atomic():
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            retain_instance_in_row_result=True,
            user=user,
        )
        for error in result.base_errors:
            report.problems.append(RowProblem(None, _message(error.error)))
        for error_row in result.error_rows:
            for error in error_row.errors:
                report.problems.append(RowProblem(error_row.number + 1, _message(error.error)))
        for invalid in result.invalid_rows:
            for attribute, messages in invalid.error_dict.items():
                column = columns.get(attribute, "")
                for message in messages:
                    text = _message(message)
                    prefix = f"“{column}”" if column and column not in text else ""
                    report.problems.append(RowProblem(invalid.number + 1, f"{prefix}{text}"))
        report.problems.sort(key=lambda p: p.row or 0)
        for number, row_result in enumerate(result.rows, start=1):
            action = ACTION_LABELS.get(row_result.import_type)
            if action is None:
                continue
            if action == "无变化":
                continue
            report.changes.append(
                RowChange(
                    row=number + 1,
                    action=action,
                    label=str(row_result.object_repr or ""),
                    changed_columns=_changed_columns(resource, row_result)
                    if action == "修改"
                    else [],
                )
            )
        report.created = result.totals.get(RowResult.IMPORT_TYPE_NEW, 0)
        report.updated = result.totals.get(RowResult.IMPORT_TYPE_UPDATE, 0)
        report.deleted = result.totals.get(RowResult.IMPORT_TYPE_DELETE, 0)
        report.unchanged = result.totals.get(RowResult.IMPORT_TYPE_SKIP, 0)
        if not report.ok and not dry_run:
            transaction.set_rollback(True)
    return report


def _changed_columns(resource, row_result) -> list[str]:
    """Columns whose exported value the row changes, for the preview of a 修改 row."""
    original, instance = row_result.original, row_result.instance
    if original is None or instance is None:
        return []
    headers = resource.get_export_headers()
    before = resource.export_resource(original)
    after = resource.export_resource(instance)
    return [
        h
        for h, old, new in zip(headers, before, after, strict=False)
        if old != new and h not in INTERNAL_COLUMNS
    ]


def _message(error) -> str:
    if isinstance(error, ValidationError):
        return "；".join(str(m) for m in error.messages)
    return str(error)


def export_list(*, kind: str, file_format: str = "xlsx", public: bool = False) -> bytes:
    """The whole list as a file that `import_list` reads back to the same data; the public
    download (条例第二十四条: 下载) leaves out the columns that only steer an import."""
    if file_format not in FORMATS:
        raise ImportFileError(f"不支持的导出格式：{file_format}")
    dataset = RESOURCES[kind]().export()
    if public:
        for column in INTERNAL_COLUMNS:
            if column in dataset.headers:
                del dataset[column]
    if file_format == "csv":
        return dataset.export("csv").encode("utf-8-sig")
    return dataset.export("xlsx")
