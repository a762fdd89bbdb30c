"""Cell converters for list spreadsheets: every bad cell raises ValueError in Chinese, which
django-import-export reports against the row and column."""

from datetime import date, datetime

from import_export.widgets import ForeignKeyWidget, Widget

TRUE_WORDS = {"是", "true", "1", "yes", "y", "√"}
FALSE_WORDS = {"否", "false", "0", "no", "n", ""}


def cell_text(value) -> str:
    """Spreadsheet cells arrive as str, int, float or None; 12366.0 means 12366."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\x00", "").strip()


class TextWidget(Widget):
    def clean(self, value, row=None, **kwargs) -> str:
        return cell_text(value)

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


class ChoiceWidget(Widget):
    """Cells hold the Chinese label (行政许可); the code (XK) is accepted too."""

    def __init__(self, choices, what: str):
        self.choices = list(choices)
        self.what = what
        super().__init__()

    def clean(self, value, row=None, **kwargs) -> str:
        text = cell_text(value)
        for code, label in self.choices:
            if text in (code, label):
                return code
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


class DateCellWidget(Widget):
    """YYYY-MM-DD, YYYY/MM/DD, YYYY年M月D日, or a real Excel date cell."""

    FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]

    def clean(self, value, row=None, **kwargs) -> date | None:
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = cell_text(value)
        if not text:
            return None
        for fmt in self.FORMATS:
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"日期格式不正确：“{text}”（应为 2020-07-28）")

    def render(self, value, obj=None, **kwargs) -> str:
        return value.isoformat() if value else ""


class PositiveIntWidget(Widget):
    """Whole numbers from `minimum`; a blank cell means `blank` (None: the cell is required)."""

    def __init__(self, what: str, minimum: int = 1, blank: int | None = None):
        self.what = what
        self.minimum = minimum
        self.blank = blank
        super().__init__()

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

    def __init__(self, model, field: str, what: str):
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
