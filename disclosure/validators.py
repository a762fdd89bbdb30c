"""Identity document checks: GB 11643 (居民身份证), GB 32100 (统一社会信用代码), permit formats.

Plain functions returning a Chinese error message or "" so forms, services and imports share them.
"""

import re
from datetime import date

_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def resident_id_check_digit(first17: str) -> str:
    total = sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def resident_id_error(value: str) -> str:
    """GB 11643-1999: 17 digits, a valid birth date, and the ISO 7064 MOD 11-2 check character."""
    value = value.strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return "居民身份证号码应为18位，前17位为数字，最后一位为数字或X。"
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "居民身份证号码中的出生日期无效。"
    if born > date.today() or born.year < 1900:
        return "居民身份证号码中的出生日期无效。"
    if resident_id_check_digit(value[:17]) != value[17]:
        return "居民身份证号码校验位不正确，请核对后重新填写。"
    return ""


def credit_code_check_char(first17: str) -> str:
    total = sum(_USCC_ALPHABET.index(ch) * w for ch, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def credit_code_error(value: str) -> str:
    """GB 32100-2015: 18 characters from the code alphabet with the MOD 31 check character."""
    value = value.strip().upper()
    if len(value) != 18 or any(ch not in _USCC_ALPHABET for ch in value):
        return "统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）。"
    if not value[2:8].isdigit():
        return "统一社会信用代码第3至8位应为行政区划代码。"
    if credit_code_check_char(value[:17]) != value[17]:
        return "统一社会信用代码校验位不正确，请核对后重新填写。"
    return ""


_PATTERNS = {
    "passport": (r"[A-Z0-9]{5,17}", "护照号码应为5至17位字母或数字。"),
    "hk_macao_permit": (
        r"[HM]\d{8}(\d{2})?",
        "港澳居民来往内地通行证号码应为H或M开头加8位（或10位）数字。",
    ),
    "taiwan_permit": (r"\d{8}(\d{2})?", "台湾居民来往大陆通行证号码应为8位（或10位）数字。"),
    "foreigner_permit": (
        r"[A-Z]{3}\d{12}|9\d{16}[\dX]",
        "外国人永久居留身份证号码应为3位字母加12位数字，或以9开头的18位号码。",
    ),
}


def id_number_error(id_type: str, value: str) -> str:
    """Error message for `value` as a document of `id_type`, or "" when it is valid."""
    value = (value or "").strip().upper()
    if not value:
        return "请填写证件号码。"
    if id_type == "resident_id":
        return resident_id_error(value)
    if id_type == "credit_code":
        return credit_code_error(value)
    if id_type == "foreigner_permit" and len(value) == 18:
        if not re.fullmatch(r"9\d{16}[\dX]", value):
            return _PATTERNS[id_type][1]
        if resident_id_check_digit(value[:17]) != value[17]:
            return "外国人永久居留身份证号码校验位不正确。"
        return ""
    pattern = _PATTERNS.get(id_type)
    if pattern is None:
        return "请选择证件类型。"
    return "" if re.fullmatch(pattern[0], value) else pattern[1]


def phone_error(value: str) -> str:
    value = re.sub(r"[\s-]", "", value or "")
    if re.fullmatch(r"1[3-9]\d{9}", value) or re.fullmatch(r"0\d{9,11}", value):
        return ""
    return "请填写有效的手机号码（11位）或带区号的固定电话。"


def mask(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    """'110105199001011234' → '110***********1234'; short values keep less, hiding some."""
    value = value or ""
    if not value:
        return ""
    if len(value) <= keep_start + keep_end:
        keep_start, keep_end = min(1, len(value) - 1), min(1, max(len(value) - 2, 0))
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * hidden + (value[-keep_end:] if keep_end else "")


def mask_address(value: str) -> str:
    """Keep the first six characters of an address (province/city), hide the rest."""
    value = value or ""
    if len(value) <= 6:
        return "*" * len(value)
    return value[:6] + "*" * min(len(value) - 6, 10)


def mask_email(value: str) -> str:
    if "@" not in (value or ""):
        return mask(value or "", 1, 0)
    local, domain = value.split("@", 1)
    return (local[:1] + "***@" + domain) if local else "***@" + domain
