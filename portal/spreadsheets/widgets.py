"""Cell converters shared by every spreadsheet the portal reads and writes.

Reading is lenient where people differ (dates in ISO or Chinese forms, 是/否 or yes/no, names
separated by 、 or ；), writing is canonical (ISO dates, 是/否, names joined by 、), so an
exported file always reads back. Every bad cell raises ValueError with a Chinese message; the
import runner (`portal.spreadsheets.imports`) reports it against its row and column.
"""

import re
from datetime import date, datetime

from import_export.widgets import ForeignKeyWidget, Widget

from portal.dates import parse_date

TRUE_WORDS = {"是", "true", "1", "yes", "y", "√"}
FALSE_WORDS = {"否", "false", "0", "no", "n", ""}
NAME_SEPARATORS = ("；", ";", "，", ",")


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text typed by the public must open as text in any spreadsheet program: control
    characters (which XLSX cannot hold) become U+FFFD, and a leading formula character
    (=, +, -, @, tab, CR) gets an apostrophe (CSV/formula injection). Other values pass."""
    if not isinstance(value, str):
        return value
    value = _CONTROL_CHARS.sub("\ufffd", value)
    return "'" + value if value.startswith(FORMULA_START) else value


def cell_text(value) -> str:
    """Spreadsheet cells arrive as str, int, float or None; 12366.0 means 12366."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\x00", "").strip()


class TextWidget(Widget):
    """Text as written; `max_length` cuts it (titles), `required` names what may not be blank."""

    def __init__(self, *, required: str = "", max_length: int | None = None) -> None:
        super().__init__()
        self.required = required
        self.max_length = max_length

    def clean(self, value, row=None, **kwargs) -> str:
        text = cell_text(value)
        if not text and self.required:
            raise ValueError(f"缺少{self.required}")
        return text[: self.max_length] if self.max_length else text

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


class ChoiceWidget(Widget):
    """Cells hold the Chinese label (行政许可); the code (XK) is accepted too. A blank cell is
    `default` when one is given, an error otherwise. Exports write the label."""

    def __init__(self, choices, what: str, *, default: str | None = None) -> None:
        super().__init__()
        self.choices = list(choices)
        self.codes = {code: code for code, _ in self.choices}
        self.codes.update({label: code for code, label in self.choices})
        self.what = what
        self.default = default

    def clean(self, value, row=None, **kwargs) -> str:
        text = cell_text(value)
        if text in self.codes:
            return self.codes[text]
        if not text and self.default is not None:
            return self.default
        allowed = "、".join(label for _, label in self.choices)
        if not text:
            raise ValueError(f"{self.what}不能为空（可选：{allowed}）")
        raise ValueError(f"未知的{self.what}：{text}（可选：{allowed}）")

    def render(self, value, obj=None, **kwargs) -> str:
        return dict(self.choices).get(value, value or "")


class YesNoWidget(Widget):
    def clean(self, value, row=None, **kwargs) -> bool:
        if isinstance(value, bool):
            return value
        text = cell_text(value).lower()
        if text in TRUE_WORDS:
            return True
        if text in FALSE_WORDS:
            return False
        raise ValueError(f"应填写“是”或“否”，而不是“{text}”")

    def render(self, value, obj=None, **kwargs) -> str:
        return "是" if value else "否"


class DateWidget(Widget):
    """A real spreadsheet date cell, or text in any form `portal.dates.parse_date` reads;
    exported as 2020-07-28."""

    def clean(self, value, row=None, **kwargs) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = cell_text(value)
        return parse_date(text) if text else None

    def render(self, value, obj=None, **kwargs) -> str:
        return value.isoformat() if value else ""


class PositiveIntWidget(Widget):
    """Whole numbers from `minimum`; a blank cell means `blank` (None: the cell is required)."""

    def __init__(self, what: str, minimum: int = 1, blank: int | None = None) -> None:
        super().__init__()
        self.what = what
        self.minimum = minimum
        self.blank = blank

    def clean(self, value, row=None, **kwargs) -> int:
        text = cell_text(value)
        if not text:
            if self.blank is None:
                raise ValueError(f"{self.what}不能为空")
            return self.blank
        if not text.isdigit() or int(text) < self.minimum:
            raise ValueError(f"{self.what}应为不小于{self.minimum}的整数，而不是“{text}”")
        return int(text)

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


class NamedForeignKeyWidget(ForeignKeyWidget):
    """A related record named in the cell; an unknown name is an error, never a silent blank."""

    def __init__(self, model, field: str, what: str) -> None:
        self.what = what
        super().__init__(model, field)

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        found = self.model.objects.filter(**{self.field: text}).first()
        if found is None:
            raise ValueError(f"未知的{self.what}：{text}")
        return found

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(getattr(value, self.field))


def split_names(text: str) -> list[str]:
    """'财政部；国家税务总局' → ['财政部', '国家税务总局']: 、 is the separator, ；;，, are read
    as 、; blanks and repeats are dropped, order is kept."""
    text = cell_text(text)
    for separator in NAME_SEPARATORS:
        text = text.replace(separator, "、")
    return list(dict.fromkeys(name.strip() for name in text.split("、") if name.strip()))


class NameListWidget(Widget):
    """Many related records named in one cell (发文机关, 牵头单位, 解读的文件); `attribute` is
    the name written for each on export, joined by 、. Resolving the names is the resource's
    job, since whether an unknown name is an error or a new record depends on the list."""

    def __init__(self, attribute: str = "name") -> None:
        super().__init__()
        self.attribute = attribute

    def clean(self, value, row=None, **kwargs) -> list[str]:
        return split_names(value)

    def render(self, value, obj=None, **kwargs) -> str:
        if value is None:
            return ""
        items = value.all() if hasattr(value, "all") else value
        return "、".join(str(getattr(item, self.attribute)) for item in items)
