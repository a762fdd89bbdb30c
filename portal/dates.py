"""Dates as people type them: ISO (2020-07-28) and the Chinese forms used in documents and
spreadsheets (2020年7月28日, 2020年07月28日, 2020.7.28, 2020/7/28).

One reader for every place that takes a typed date (spreadsheet cells, list filters), so a form
accepted in one place is accepted everywhere. Output is always ISO.
"""

import re
from datetime import date

DATE_HINT = "应为 2020-07-28 或 2020年7月28日"

# One separator used throughout (2020-7-28, 2020/7/28, 2020.7.28) or the 年月日 form; a time of
# day after an ISO date ("2020-07-28 00:00:00", as spreadsheets save date cells) is ignored.
_SEPARATED = re.compile(
    r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_CHINESE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def parse_date(text: str) -> date:
    """The date `text` names; ValueError with a Chinese message when it names none."""
    compact = re.sub(r"\s+", " ", (text or "").strip())
    parts = None
    if match := _SEPARATED.fullmatch(compact):
        parts = match.group(1, 3, 4)
    elif match := _CHINESE.fullmatch(compact.replace(" ", "")):
        parts = match.groups()
    if parts is not None:
        try:
            return date(*(int(part) for part in parts))
        except ValueError:
            pass
    raise ValueError(f"日期格式不正确：“{compact[:20]}”（{DATE_HINT}）")
