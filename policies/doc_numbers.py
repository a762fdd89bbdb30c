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

# 国家税务总局公告2023年第1号
_ANNOUNCEMENT = re.compile(
    r"(?P<agency>["
    + _CJK
    + r"]{2,12}公告)\s*(?P<year>(?:19|20)\d{2})\s*年\s*第\s*(?P<serial>\d{1,4})\s*号"
)
# 国家税务总局令第41号
_ORDER = re.compile(r"(?P<agency>[" + _CJK + r"]{2,12}令)\s*第\s*(?P<serial>\d{1,4})\s*号")
# 税总发〔2014〕59号 and variants; agency may be missing when people type only 〔2014〕59号
_STANDARD = re.compile(
    r"(?P<agency>[" + _CJK + r"]{0,12}?)\s*"
    r"(?:[" + _OPEN + r"]\s*(?P<year>(?:19|20)\d{2})\s*[" + _CLOSE + r"]"
    r"|(?P<year2>(?:19|20)\d{2})\s*年)"
    r"\s*第?\s*(?P<serial>\d{1,5})\s*(?P<hao>号)?"
)
# Characters that start an agency code; used to trim running text in front of a citation.
_AGENCY_START = set("税国财中人公工海商民司教科交农卫银证保审统市省县区总办署")


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


def parse_doc_number(text: str, *, allow_missing_agency: bool = False) -> DocNumber | None:
    """Parse one whole 发文字号; None when the text is not one."""
    cleaned = re.sub(r"\s+", "", _prepare(text))
    if not cleaned:
        return None
    for pattern, kind in ((_ANNOUNCEMENT, "announcement"), (_ORDER, "order")):
        match = pattern.fullmatch(cleaned)
        if match:
            return _build(match, kind)
    match = _STANDARD.fullmatch(cleaned)
    if match and (match.group("agency") or allow_missing_agency):
        if match.group("year2") and not match.group("agency"):
            return None  # "2014年59号" alone is too vague to be a number
        return _build(match, "standard")
    return None


def normalize_doc_number(text: str) -> str:
    """Canonical form of a typed number; raises DocNumberError with a Chinese message if invalid."""
    parsed = parse_doc_number(text)
    if parsed is None:
        raise DocNumberError(
            f"“{text}”不是有效的发文字号。请按“机关代字〔年份〕序号号”填写，例如：税总发〔2014〕59号、"
            "国家税务总局公告2023年第1号、国家税务总局令第41号。"
        )
    return parsed.canonical


def find_doc_numbers(text: str) -> list[DocNumber]:
    """Every 发文字号 cited in running text, in order of first appearance, without duplicates."""
    prepared = _prepare(text)
    found: dict[str, tuple[int, DocNumber]] = {}
    for pattern, kind in ((_ANNOUNCEMENT, "announcement"), (_ORDER, "order")):
        for match in pattern.finditer(prepared):
            number = _build(match, kind, trim=True)
            if number:
                found.setdefault(number.canonical, (match.start(), number))
    for match in re.finditer(
        r"(["
        + _CJK
        + r"]{1,12})["
        + _OPEN
        + r"]\s*((?:19|20)\d{2})\s*["
        + _CLOSE
        + r"]\s*第?\s*(\d{1,5})\s*号",
        prepared,
    ):
        agency = _trim_agency(match.group(1))
        if agency:
            number = DocNumber(agency, int(match.group(2)), int(match.group(3)), "standard")
            found.setdefault(number.canonical, (match.start(), number))
    return [number for _, number in sorted(found.values(), key=lambda item: item[0])]


def _trim_agency(run: str) -> str:
    """Drop running text before an agency code: '现将税总发' → '税总发'."""
    for index, char in enumerate(run):
        if char in _AGENCY_START:
            return run[index:]
    return ""


def _build(match: re.Match, kind: str, trim: bool = False) -> DocNumber | None:
    agency = match.group("agency") or ""
    if trim:
        agency = _trim_agency(agency)
        if not agency:
            return None
    year_text = match.groupdict().get("year") or match.groupdict().get("year2")
    serial = int(match.group("serial"))
    if serial <= 0:
        return None
    return DocNumber(agency, int(year_text) if year_text else None, serial, kind)
