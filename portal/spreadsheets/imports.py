"""Every spreadsheet import of the portal: read → validate every row → preview → write, all or
nothing.

1. `read_spreadsheet` turns an uploaded or given file (XLSX; CSV in UTF-8 with or without BOM or
   in GB18030 as Excel saves it on Chinese Windows; JSONL, one object per line) into a tablib
   dataset, remembering for each data row the line people see in the file (the header is line 1
   of a sheet; JSONL lines count from 1). A file that cannot be read at all is an
   `ImportFileError`; a JSONL line that is not an object is a problem of that line.
2. `import_spreadsheet` runs every row through django-import-export resources inside one
   transaction. Each bad cell, row or rule becomes a `RowProblem` ("第 N 行：…" in Chinese).
3. When any row is bad, or for a dry run, the transaction is rolled back: a dry run does the same
   work as the real import, so its preview (what would be created, changed, deleted) is exact,
   and nothing of it stays — not even in the search index, which follows commits.
4. Otherwise the optional `write` step runs in the same transaction (the policy library writes
   thousands of pages there with its bulk publisher; the lists' resources save row by row).
"""

import contextlib
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import transaction
from import_export.fields import Field
from import_export.resources import Resource
from import_export.results import RowResult

from portal.spreadsheets.widgets import YesNoWidget, cell_text

DELETE_COLUMN = "删除"

SHEET_FORMATS = ("xlsx", "csv")
# Excel on Chinese Windows saves CSV in GB18030; everything else is UTF-8, with or without BOM.
ENCODINGS = ("utf-8-sig", "gb18030")
ENCODING_ERROR = "无法识别文件编码，请保存为 UTF-8 编码后重试。"
ACTION_LABELS = {
    RowResult.IMPORT_TYPE_NEW: "新增",
    RowResult.IMPORT_TYPE_UPDATE: "修改",
    RowResult.IMPORT_TYPE_DELETE: "删除",
}


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message is for the person who gave it."""


@dataclass(frozen=True)
class RowProblem:
    row: int | None  # the line in the file; None: the file as a whole
    message: str

    def __str__(self) -> str:
        return f"第 {self.row} 行：{self.message}" if self.row else self.message


@dataclass
class SheetRows:
    """A file's data rows as one dataset, with the file line of each row."""

    dataset: tablib.Dataset
    lines: list[int]
    problems: list[RowProblem] = field(default_factory=list)  # lines that are not rows at all

    def split(self, column: str) -> tuple["SheetRows", "SheetRows"]:
        """(rows with something in `column`, the others), each keeping its lines; for files whose
        rows go to different resources, such as documents and their interpretations."""
        headers = self.dataset.headers
        position = headers.index(column) if column in headers else None
        chosen = SheetRows(tablib.Dataset(headers=headers), [])
        rest = SheetRows(tablib.Dataset(headers=headers), [])
        for line, values in zip(self.lines, self.dataset, strict=True):
            filled = position is not None and cell_text(values[position])
            target = chosen if filled else rest
            target.dataset.append(values)
            target.lines.append(line)
        return chosen, rest


def read_spreadsheet(
    content: bytes,
    filename: str,
    *,
    formats: Sequence[str] = SHEET_FORMATS,
    columns: Sequence[str] = (),
    max_rows: int | None = None,
) -> SheetRows:
    """Read an uploaded file by the suffix of its name; `columns` orders the columns of a JSONL
    file (others follow in the order they first appear)."""
    suffix = _suffix(filename, formats)
    if not content:
        raise ImportFileError("文件是空的。")
    if suffix == "jsonl":
        rows = _read_jsonl(io.StringIO(_decode(content)), columns)
    else:
        rows = _read_sheet(content, suffix)
    return _within(rows, max_rows)


def read_spreadsheet_path(
    path: Path,
    *,
    formats: Sequence[str] = SHEET_FORMATS,
    columns: Sequence[str] = (),
    max_rows: int | None = None,
) -> SheetRows:
    """Read a file on disk (commands); JSONL is read line by line, for files of many thousand
    documents."""
    suffix = _suffix(path.name, formats)
    if not path.stat().st_size:
        raise ImportFileError("文件是空的。")
    if suffix != "jsonl":
        return _within(_read_sheet(path.read_bytes(), suffix), max_rows)
    for encoding in ENCODINGS:
        try:
            with path.open(encoding=encoding) as stream:
                return _within(_read_jsonl(stream, columns), max_rows)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(ENCODING_ERROR)


def _suffix(filename: str, formats: Sequence[str]) -> str:
    suffix = Path(filename or "").suffix.lower().lstrip(".")
    if suffix not in formats:
        allowed = "、".join(f".{name}" for name in formats)
        raise ImportFileError(f"不支持的文件格式：{suffix or '无扩展名'}（支持 {allowed} 文件）")
    return suffix


def _within(rows: SheetRows, max_rows: int | None) -> SheetRows:
    if max_rows is not None and len(rows.dataset) > max_rows:
        raise ImportFileError(
            f"文件行数过多（{len(rows.dataset)} 行），一次最多导入 {max_rows} 行。"
        )
    return rows


def _decode(content: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(ENCODING_ERROR)


def _read_sheet(content: bytes, suffix: str) -> SheetRows:
    try:
        if suffix == "xlsx":
            dataset = tablib.Dataset().load(content, format="xlsx")
        else:
            dataset = tablib.Dataset().load(_decode(content), format="csv")
    except ImportFileError:
        raise
    except Exception as error:  # noqa: BLE001 - any parser failure means an unreadable file
        raise ImportFileError(f"无法读取文件，请确认它是有效的 {suffix.upper()} 文件。") from error
    if not dataset.headers:
        raise ImportFileError("文件没有表头行。")
    headers = [str(h).strip() if h is not None else "" for h in dataset.headers]
    rows = [list(row) for row in dataset]
    # Trailing empty rows are common in spreadsheets; they are not data.
    while rows and all(cell in (None, "") for cell in rows[-1]):
        rows.pop()
    return SheetRows(tablib.Dataset(*rows, headers=headers), list(range(2, len(rows) + 2)))


def _read_jsonl(stream: Iterable[str], columns: Sequence[str]) -> SheetRows:
    records, lines, problems = [], [], []
    keys: dict[str, None] = dict.fromkeys(columns)
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(RowProblem(number, f"不是有效的 JSON：{error.msg}"))
            continue
        if not isinstance(record, dict):
            problems.append(RowProblem(number, "每行应是一个 JSON 对象"))
            continue
        keys.update(dict.fromkeys(str(key) for key in record))
        records.append(record)
        lines.append(number)
    headers = list(keys)
    dataset = tablib.Dataset(headers=headers)
    for record in records:
        dataset.append([_jsonl_cell(record.get(key)) for key in headers])
    return SheetRows(dataset, lines, problems)


def _jsonl_cell(value):
    """A JSON list is several names in one cell."""
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    return value


@dataclass
class RowChange:
    row: int
    action: str  # 新增, 修改, 删除
    label: str
    changed_columns: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    label: str  # what is imported, e.g. 权责清单
    dry_run: bool
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    written: int = 0  # what the write step reports, e.g. pages published
    changes: list[RowChange] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def applied(self) -> bool:
        return self.ok and not self.dry_run

    def summary(self) -> str:
        if not self.ok:
            return f"{self.label}：文件有 {len(self.problems)} 处错误，未导入任何数据。"
        verb = "预览（未保存）" if self.dry_run else "已导入"
        return (
            f"{self.label}{verb}：共 {self.total_rows} 行，新增 {self.created}，"
            f"修改 {self.updated}，删除 {self.deleted}，无变化 {self.unchanged}。"
        )


def header_problems(rows: SheetRows, required_columns: Sequence[str]) -> list[RowProblem]:
    """Repeated or missing columns: the file cannot be matched to the list at all."""
    headers = [h for h in rows.dataset.headers or [] if h]
    problems = []
    if len(set(headers)) != len(headers):
        duplicates = sorted({h for h in headers if headers.count(h) > 1})
        problems.append(RowProblem(None, f"表头有重复的列：{'、'.join(duplicates)}"))
    missing = [column for column in required_columns if column not in headers]
    if missing:
        problems.append(RowProblem(None, f"缺少必需的列：{'、'.join(missing)}"))
    return problems


def import_spreadsheet(
    rows: SheetRows,
    parts: Sequence[tuple[Resource, SheetRows]],
    *,
    label: str,
    dry_run: bool,
    required_columns: Sequence[str] = (),
    write: Callable[[], int] | None = None,
    preview: bool = False,
    steering_columns: Sequence[str] = (),
    **import_kwargs,
) -> ImportReport:
    """Validate `rows` through each (resource, its share of the rows) in order, then write.

    `preview` lists each created, changed or deleted row with the columns it changes (for
    screens and command output), leaving out `steering_columns` that direct the import rather
    than hold data (删除); `import_kwargs` reach the resources' hooks (e.g. `user`).
    """
    report = ImportReport(
        label=label, dry_run=dry_run, total_rows=len(rows.dataset) + len(rows.problems)
    )
    report.problems = header_problems(rows, required_columns)
    if report.problems:
        return report
    if not len(rows.dataset) and not rows.problems:
        report.problems.append(RowProblem(None, "文件中没有数据行。"))
        return report
    report.problems.extend(rows.problems)
    with transaction.atomic():
        for resource, share in parts:
            if len(share.dataset):
                _validate(report, resource, share, preview, steering_columns, import_kwargs)
        report.problems.sort(key=lambda problem: problem.row or 0)
        report.changes.sort(key=lambda change: change.row)
        if not report.ok or dry_run:
            transaction.set_rollback(True)
            return report
        if write is not None:
            report.written = write()
    return report


def _validate(
    report: ImportReport,
    resource: Resource,
    share: SheetRows,
    preview: bool,
    steering_columns: Sequence[str],
    import_kwargs: dict,
) -> None:
    result = resource.import_data(
        share.dataset,
        dry_run=False,  # the caller's transaction decides; rows are really written
        raise_errors=False,
        retain_instance_in_row_result=preview,
        **import_kwargs,
    )
    report.problems.extend(_problems(resource, result, share.lines))
    _count(report, result)
    if preview:
        report.changes.extend(_changes(resource, result, share.lines, steering_columns))


def _count(report: ImportReport, result) -> None:
    report.created += result.totals.get(RowResult.IMPORT_TYPE_NEW, 0)
    report.updated += result.totals.get(RowResult.IMPORT_TYPE_UPDATE, 0)
    report.deleted += result.totals.get(RowResult.IMPORT_TYPE_DELETE, 0)
    report.unchanged += result.totals.get(RowResult.IMPORT_TYPE_SKIP, 0)


def _problems(resource: Resource, result, lines: list[int]) -> list[RowProblem]:
    columns = _columns(resource)
    problems = [RowProblem(None, _message(error.error)) for error in result.base_errors]
    for number, errors in result.row_errors():
        for error in errors:
            problems.append(RowProblem(lines[number - 1], _message(error.error)))
    for invalid in result.invalid_rows:
        for attribute, messages in invalid.error_dict.items():
            column, words = columns.get(attribute, ("", ()))  # ("", ()) for __all__
            for message in messages:
                text = _message(message)
                named = any(word and word in text for word in words)
                prefix = f"“{column}”" if column and not named else ""
                problems.append(RowProblem(lines[invalid.number - 1], f"{prefix}{text}"))
    return problems


def _columns(resource: Resource) -> dict[str, tuple[str, tuple[str, ...]]]:
    """For each name a row error may be keyed by (field or model attribute): the column to name
    in the message, and the words that already name it (the column, the model field's name), so
    "“生效日期”日期格式不正确" gets a prefix and "未知的权力类型：…" does not."""
    model = getattr(resource._meta, "model", None)
    columns = {}
    for name, resource_field in resource.fields.items():
        attribute = resource_field.attribute or name
        words = [resource_field.column_name]
        with contextlib.suppress(AttributeError, FieldDoesNotExist):
            words.append(str(model._meta.get_field(attribute).verbose_name))
        columns[name] = columns[attribute] = (resource_field.column_name, tuple(words))
    return columns


def _message(error) -> str:
    """A row's problem in words: the message of a broken rule or a bad cell as written; any
    other failure says the row could not be processed, and why."""
    if isinstance(error, str):
        return error
    if isinstance(error, ValidationError):
        return "；".join(str(message) for message in error.messages)
    if isinstance(error, ValueError | LookupError):
        return str(error)
    return f"无法处理：{error}"


def _changes(
    resource: Resource, result, lines: list[int], steering_columns: Sequence[str]
) -> list[RowChange]:
    """What each row does, with the columns whose exported value a 修改 row changes."""
    changes = []
    headers = resource.get_export_headers()
    for line, row_result in zip(lines, result.rows, strict=False):
        action = ACTION_LABELS.get(row_result.import_type)
        if action is None:
            continue
        changed = []
        if action == "修改" and row_result.original is not None and row_result.instance:
            before = resource.export_resource(row_result.original)
            after = resource.export_resource(row_result.instance)
            changed = [
                header
                for header, old, new in zip(headers, before, after, strict=False)
                if old != new and header not in steering_columns
            ]
        changes.append(RowChange(line, action, str(row_result.object_repr or ""), changed))
    return changes


class KeyedRows:
    """Mix into a ModelResource whose rows are identified by `key_columns`: a key repeated
    within one file is refused naming the row it repeats, and a row whose 删除 column says 是
    deletes its record."""

    key_columns: list[str] = []

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._seen: dict[tuple, int] = {}

    def row_key(self, row) -> tuple:
        return tuple(cell_text(row.get(column)) for column in self.key_columns)

    def before_import_row(self, row, **kwargs) -> None:
        key = self.row_key(row)
        if all(key):
            number = kwargs.get("row_number", 0) + 1
            if key in self._seen:
                label = "、".join(self.key_columns)
                raise ValidationError(
                    f"{label}重复：{' '.join(key)}（与第 {self._seen[key]} 行重复）"
                )
            self._seen[key] = number

    def for_delete(self, row, instance) -> bool:
        if DELETE_COLUMN not in row:
            return False
        try:
            return YesNoWidget().clean(row.get(DELETE_COLUMN))
        except ValueError:
            return False


def delete_field() -> Field:
    """Exported as 否 so an exported file can be edited to delete rows and re-imported."""
    return Field(column_name=DELETE_COLUMN, readonly=True, dehydrate_method=lambda obj: "否")
