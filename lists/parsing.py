"""Plain-text rules for task lists: 完成时限 as written → a date, and 一、二… numerals."""

import calendar
import re
from datetime import date

NUMERALS = "一二三四五六七八九十"

_DATE = re.compile(r"(\d{4})年(?:底|末)|(\d{4})年(\d{1,2})月(?:(\d{1,2})日|底|末)?")


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (sections never reach a hundred)."""
    if not 1 <= number <= 99:
        return str(number)
    tens, ones = divmod(number, 10)
    text = ""
    if tens:
        text = ("" if tens == 1 else NUMERALS[tens - 1]) + "十"
    if ones:
        text += NUMERALS[ones - 1]
    return text


def parse_chinese_numeral(text: str) -> int | None:
    """Inverse of chinese_numeral; None when the text is not such a numeral."""
    text = text.strip()
    if not text or any(ch not in NUMERALS for ch in text):
        return None
    if "十" not in text:
        return NUMERALS.index(text) + 1 if len(text) == 1 else None
    tens_text, _, ones_text = text.partition("十")
    tens = NUMERALS.index(tens_text) + 1 if tens_text else 1
    ones = NUMERALS.index(ones_text) + 1 if ones_text else 0
    return tens * 10 + ones


def deadline_dates(text: str) -> list[date]:
    """Every date a time limit names: '2020年12月底前' is the month's last day, '2020年底' the
    year's, '2020年10月20日前' that day. '持续推进' names none."""
    found = []
    for match in _DATE.finditer(text or ""):
        year_end, year, month, day = match.groups()
        try:
            if year_end:
                found.append(date(int(year_end), 12, 31))
            elif day:
                found.append(date(int(year), int(month), int(day)))
            else:
                last = calendar.monthrange(int(year), int(month))[1]
                found.append(date(int(year), int(month), last))
        except ValueError:
            continue
    return found


def parse_deadline(text: str) -> date | None:
    """The first date a task is due by: a task with several dated parts is overdue once its
    earliest part has passed unfinished."""
    dates = deadline_dates(text)
    return min(dates) if dates else None


def split_section_heading(text: str) -> tuple[int, str] | None:
    """'一、紧扣依法治税推进用权公开' → (1, '紧扣依法治税推进用权公开')."""
    head, sep, title = (text or "").strip().partition("、")
    number = parse_chinese_numeral(head) if sep else None
    if number is None or not title.strip():
        return None
    return number, title.strip()


_TASK_LINE = re.compile(r"^(\d+)[。．.、]\s*(.+)$")
_SECTION_LINE = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")


def parse_responsibility(text: str) -> tuple[list[str], str]:
    """'A、B牵头，C、D分别落实。' → (['A', 'B'], 'C、D分别落实'); the 配合 part stays as written."""
    text = (text or "").strip().rstrip("。")
    lead_text, sep, rest = text.partition("牵头")
    if not sep:
        return [], text
    leads = [name.strip() for name in lead_text.split("、") if name.strip()]
    return leads, rest.lstrip("，,").strip()


def parse_task_list_text(lines: list[str], list_title: str) -> dict:
    """A task list as printed (seed 004): sections '一、…', tasks '1。…', then '责任单位：' and
    '完成时限：' lines. Everything before the line equal to `list_title` is the covering notice."""
    stripped = [line.strip() for line in lines]
    start = stripped.index(list_title)
    notice = "\n".join(line for line in stripped[:start] if line and not line.startswith("#"))
    sections: list[dict] = []
    tasks: list[dict] = []
    for line in stripped[start + 1 :]:
        if not line:
            continue
        if section := _SECTION_LINE.match(line):
            number = parse_chinese_numeral(section.group(1))
            sections.append({"number": number, "title": section.group(2).strip()})
        elif task := _TASK_LINE.match(line):
            title, _, description = task.group(2).partition("。")
            tasks.append(
                {
                    "number": int(task.group(1)),
                    "section": sections[-1]["number"],
                    "title": title.strip(),
                    "description": description.strip(),
                }
            )
        elif line.startswith("责任单位：") and tasks:
            leads, cooperation = parse_responsibility(line.removeprefix("责任单位："))
            tasks[-1].update(lead_units=leads, cooperation=cooperation)
        elif line.startswith("完成时限：") and tasks:
            tasks[-1]["deadline_text"] = line.removeprefix("完成时限：").rstrip("。").strip()
    return {"title": list_title, "notice": notice, "sections": sections, "tasks": tasks}
