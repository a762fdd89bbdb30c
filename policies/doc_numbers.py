"""发文字号 parsing and normalisation (GB/T 9704-2012 §7.2.5 and the STA's own forms).

People type the same number many ways — 税总发[2014]59号, 税总发（2014）59号, 税总发2014年59号,
税总发〔2014〕59 — and all must resolve to the canonical 税总发〔2014〕59号, so that uniqueness,
citations and search agree. Plain functions over strings; no Django imports.
"""

import re
import unicodedata
from dataclasses import dataclass

_CJK = r"\u4e00-\u9fff"
_OPEN = r"〔\[（(【［〖"
_CLOSE = r"〕\]）)】］〗"
_YEAR = r"(?:19|20)\d{2}"
# 〔2018〕 or 2018年: the year part of a standard number or an announcement
_YEAR_PART = (
    r"(?:[" + _OPEN + r"]\s*(?P<year>" + _YEAR + r")\s*[" + _CLOSE + r"]"
    r"|(?P<year2>" + _YEAR + r")\s*年)"
)

# 国家税务总局公告2023年第1号, and as typed: 公告2023年1号, 公告〔2023〕1号
_ANNOUNCEMENT = re.compile(
    r"(?P<agency>[" + _CJK + r"]{1,12}?)公告\s*" + _YEAR_PART + r"\s*第?\s*(?P<serial>\d{1,4})\s*号"
)
# 国家税务总局令第41号, and as typed: 令41号
_ORDER = re.compile(r"(?P<agency>[" + _CJK + r"]{1,12}?)令\s*第?\s*(?P<serial>\d{1,4})\s*号")
# 国家税务总局令〔2018〕48号: an order number never has a year
_ORDER_WITH_YEAR = re.compile(
    r"(?P<agency>[" + _CJK + r"]{1,12}?)令\s*" + _YEAR_PART + r"\s*第?\s*(?P<serial>\d{1,4})\s*号?"
)
# 税总发〔2014〕59号 and variants; agency may be missing when people type only 〔2014〕59号
_STANDARD = re.compile(
    r"(?P<agency>["
    + _CJK
    + r"]{0,12}?)\s*"
    + _YEAR_PART
    + r"\s*第?\s*(?P<serial>\d{1,5})\s*(?P<hao>号)?"
)
# In running text: an agency run, then a year in brackets or with 年, then the serial and 号.
_STANDARD_IN_TEXT = re.compile(
    r"(?P<agency>[" + _CJK + r"]{1,20})" + _YEAR_PART + r"\s*第?\s*(?P<serial>\d{1,5})\s*号"
)
_ANNOUNCEMENT_IN_TEXT = re.compile(
    r"(?P<agency>[" + _CJK + r"]{1,20})公告\s*" + _YEAR_PART + r"\s*第?\s*(?P<serial>\d{1,4})\s*号"
)
_ORDER_IN_TEXT = re.compile(r"(?P<agency>[" + _CJK + r"]{1,20})令\s*第?\s*(?P<serial>\d{1,4})\s*号")

# Short names people use for an agency in 公告/令 numbers; the canonical number carries the
# full name. Only a whole agency part is replaced: 财政部 税务总局公告 (a joint announcement)
# keeps the short name the agencies themselves print.
AGENCY_ALIASES = {"税务总局": "国家税务总局", "总局": "国家税务总局"}

# Names and codes an agency part begins with. In running text the words in front of a number
# (本公告依据…, 本办法参照…) are dropped up to one of these, so a citation never starts at a stray
# 公/办/国/税 character.
_PROVINCES = "京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵黔云滇藏陕甘青宁新"
AGENCY_PREFIXES = (
    "国家税务总局",
    "税务总局",
    "总局",
    "税总",
    "国税",
    "国务院",
    "国办",
    "国发",
    "国函",
    "中华人民共和国",
    "中共中央",
    "中办",
    "国家",
    "财政部",
    "财",
    "海关总署",
    "署",
    "人力资源社会保障部",
    "人社部",
    "商务部",
    "民政部",
    "司法部",
    "教育部",
    "科技部",
    "工业和信息化部",
    "交通运输部",
    "农业农村部",
    "审计署",
    "中国人民银行",
    "银发",
    *(f"{province}税" for province in _PROVINCES),
)
# Characters of running text that never belong to an agency code (依据, 参照, 根据 …).
_NOT_IN_AGENCY = set("的和与及将对于在是从等依据照根按参见如或并由经本该此")
_MAX_AGENCY_TAIL = 8  # characters after the last known name: 办发, 公开办函, 北京市税务局


@dataclass(frozen=True)
class DocNumber:
    agency: str  # 税总发, 国家税务总局公告, 国家税务总局令; "" when only 〔年〕号 was given
    year: int | None
    serial: int
    kind: str  # "standard", "announcement", "order"

    @property
    def canonical(self) -> str:
        if self.kind == "announcement":
            return f"{self.agency}{self.year}年第{self.serial}号"
        if self.kind == "order":
            return f"{self.agency}第{self.serial}号"
        return f"{self.agency}〔{self.year}〕{self.serial}号"

    def __str__(self) -> str:
        return self.canonical


class DocNumberError(ValueError):
    """Raised with a message fit to show an editor."""


def _prepare(text: str) -> str:
    # NFKC turns full-width digits and brackets into ASCII; 〔〕 are left as they are.
    return unicodedata.normalize("NFKC", text or "").strip()


def _full_agency(agency: str) -> str:
    return AGENCY_ALIASES.get(agency, agency)


def parse_doc_number(text: str, *, allow_missing_agency: bool = False) -> DocNumber | None:
    """Parse one whole 发文字号; None when the text is not one."""
    cleaned = re.sub(r"\s+", "", _prepare(text))
    if not cleaned:
        return None
    match = _ANNOUNCEMENT.fullmatch(cleaned)
    if match:
        return _build(match, "announcement", agency=_full_agency(match.group("agency")))
    if _ORDER_WITH_YEAR.fullmatch(cleaned):
        return None
    match = _ORDER.fullmatch(cleaned)
    if match:
        return _build(match, "order", agency=_full_agency(match.group("agency")))
    match = _STANDARD.fullmatch(cleaned)
    if match and (match.group("agency") or allow_missing_agency):
        if match.group("year2") and not match.group("agency"):
            return None  # "2014年59号" alone is too vague to be a number
        return _build(match, "standard", agency=match.group("agency") or "")
    return None


def normalize_doc_number(text: str) -> str:
    """Canonical form of a typed number; raises DocNumberError with a Chinese message if invalid."""
    parsed = parse_doc_number(text)
    if parsed is None:
        raise DocNumberError(doc_number_problem(text))
    return parsed.canonical


def doc_number_problem(text: str) -> str:
    """What is wrong with a typed number that does not parse, and how to write it, in Chinese."""
    order = _ORDER_WITH_YEAR.fullmatch(re.sub(r"\s+", "", _prepare(text)))
    if order:
        agency = _full_agency(order.group("agency"))
        return (
            f"“{text}”不是有效的发文字号：令的文号不带年份，"
            f"应写作“{agency}令第{int(order.group('serial'))}号”。"
        )
    return (
        f"“{text}”不是有效的发文字号。请按“机关代字〔年份〕序号号”填写，例如：税总发〔2014〕59号、"
        "国家税务总局公告2023年第1号、国家税务总局令第41号。"
    )


@dataclass(frozen=True)
class DocNumberPart:
    """The part of a 发文字号 someone remembers: the agency code (税总发, 国家税务总局公告), the
    year (〔2014〕, 2014年), the serial (59号, 第59号), or several of them (2014年59号,
    税总发〔2014〕). Numbers are matched by the canonical forms' pieces, never by loose text."""

    agency: str = ""
    year: int | None = None
    serial: int | None = None

    @property
    def prefix(self) -> str:
        """What a matching number starts with ("" for any)."""
        return self.agency

    @property
    def contains_any(self) -> tuple[str, ...]:
        """A matching number contains one of these (empty: no condition)."""
        if self.year is None or self.serial is not None:
            return ()
        return (f"〔{self.year}〕", f"{self.year}年第")

    @property
    def ends_any(self) -> tuple[str, ...]:
        """A matching number ends with one of these (empty: no condition)."""
        if self.serial is None:
            return ()
        if self.year is None:
            return (f"〕{self.serial}号", f"第{self.serial}号")
        return (f"〔{self.year}〕{self.serial}号", f"{self.year}年第{self.serial}号")


_PART_AGENCY = re.compile(r"[" + _CJK + r"]{1,20}")
_PART_YEAR = re.compile(_YEAR_PART + r"|(?P<year3>" + _YEAR + r")")
_PART_SERIAL = re.compile(r"第?(?P<serial>\d{1,5})号|第(?P<serial2>\d{1,5})")
_PART_YEAR_SERIAL = re.compile(_YEAR_PART + r"第?(?P<serial>\d{1,5})号?")
_PART_AGENCY_YEAR = re.compile(r"(?P<agency>[" + _CJK + r"]{1,20}?)" + _YEAR_PART)


def parse_doc_number_part(text: str) -> DocNumberPart | None:
    """A part of a 发文字号 as typed in a filter; None when the text is neither a whole number
    nor a recognisable part. A whole number is parse_doc_number's business."""
    cleaned = re.sub(r"\s+", "", _prepare(text))
    if not cleaned or _ORDER_WITH_YEAR.fullmatch(cleaned):
        return None
    if _PART_AGENCY.fullmatch(cleaned):
        return DocNumberPart(agency=_full_agency_part(cleaned))
    if match := _PART_YEAR.fullmatch(cleaned):
        return DocNumberPart(
            year=int(match.group("year") or match.group("year2") or match.group("year3"))
        )
    if match := _PART_SERIAL.fullmatch(cleaned):
        serial = int(match.group("serial") or match.group("serial2"))
        return DocNumberPart(serial=serial) if serial else None
    if match := _PART_YEAR_SERIAL.fullmatch(cleaned):
        serial = int(match.group("serial"))
        year = int(match.group("year") or match.group("year2"))
        return DocNumberPart(year=year, serial=serial) if serial else None
    if match := _PART_AGENCY_YEAR.fullmatch(cleaned):
        year = int(match.group("year") or match.group("year2"))
        return DocNumberPart(agency=_full_agency_part(match.group("agency")), year=year)
    return None


def _full_agency_part(agency: str) -> str:
    """税务总局公告 → 国家税务总局公告: a short name before 公告/令 is written in full."""
    for kind in ("公告", "令"):
        if agency.endswith(kind) and agency != kind:
            return _full_agency(agency[: -len(kind)]) + kind
    return agency


def find_doc_numbers(text: str) -> list[DocNumber]:
    """Every 发文字号 cited in running text, in order of first appearance, without duplicates."""
    prepared = _prepare(text)
    found: dict[str, tuple[int, DocNumber]] = {}

    def add(match: re.Match, kind: str, agency: str) -> None:
        number = _build(match, kind, agency=agency)
        if number:
            found.setdefault(number.canonical, (match.start("serial"), number))

    for match in _ANNOUNCEMENT_IN_TEXT.finditer(prepared):
        agency = _trim_agency(match.group("agency"))
        if agency:
            add(match, "announcement", _full_agency(agency))
    for match in _ORDER_IN_TEXT.finditer(prepared):
        agency = _trim_agency(match.group("agency"))
        if agency:
            add(match, "order", _full_agency(agency))
    for match in _STANDARD_IN_TEXT.finditer(prepared):
        run = match.group("agency")
        if run.endswith("公告") or run.endswith("令"):
            continue  # an announcement or order, found above
        agency = _trim_agency(run)
        if agency:
            add(match, "standard", agency)
    return [number for _, number in sorted(found.values(), key=lambda item: item[0])]


def _trim_agency(run: str) -> str:
    """The agency code at the end of a run of running text: '本公告依据税总发' → '税总发',
    '本办法参照国家税务总局' → '国家税务总局'; "" when the run ends in no known agency.

    Each place where a known name begins is a candidate; from there the code is one or more
    known names and a short tail free of function words. The candidate with the shortest tail
    wins, the earliest among equals (so 财政部税务总局 stays joint and 国家税务总局 stays whole).
    """
    best: tuple[int, int] | None = None
    for start in range(len(run)):
        tail = _agency_tail(run[start:])
        if tail is None or len(tail) > _MAX_AGENCY_TAIL or _NOT_IN_AGENCY & set(tail):
            continue
        if best is None or len(tail) < best[0]:
            best = (len(tail), start)
    return run[best[1] :] if best else ""


def _agency_tail(text: str) -> str | None:
    """What follows the known names `text` starts with; None when it starts with none."""
    rest, matched = text, False
    while True:
        name = max((p for p in AGENCY_PREFIXES if rest.startswith(p)), key=len, default="")
        if not name:
            return rest if matched else None
        rest, matched = rest[len(name) :], True


def _build(match: re.Match, kind: str, *, agency: str) -> DocNumber | None:
    year_text = match.groupdict().get("year") or match.groupdict().get("year2")
    serial = int(match.group("serial"))
    if serial <= 0:
        return None
    if kind == "announcement":
        agency += "公告"
    elif kind == "order":
        agency += "令"
    return DocNumber(agency, int(year_text) if year_text else None, serial, kind)
