"""Plain rules of the 第二十条 lists: credit codes, masking of natural persons, 索引号 prefixes.

Kept apart from the models so services, the import, the public pages and the tests share them.
"""

import re

KIND_CHOICES = [("XK", "行政许可"), ("CF", "行政处罚"), ("QZ", "行政强制")]
KIND_LABELS = dict(KIND_CHOICES)

PARTY_LEGAL = "legal_person"
PARTY_BUSINESS = "individual_business"
PARTY_NATURAL = "natural_person"
PARTY_CHOICES = [
    (PARTY_LEGAL, "法人或其他组织"),
    (PARTY_BUSINESS, "个体工商户"),
    (PARTY_NATURAL, "自然人"),
]

# 索引号 prefixes: 行政许可/处罚/强制 results and 行政事业性收费 items, then year and serial.
INDEX_PREFIXES = {"XK": "XZXK", "CF": "XZCF", "QZ": "XZQZ", "fee": "XZSF"}

# GB 32100-2015: 18 characters from this alphabet, the last a check character.
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
CREDIT_PATTERN = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")


def credit_check_char(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 for its first 17."""
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(code: str) -> str:
    """Why `code` is not a valid 统一社会信用代码 ("" when it is)."""
    if not CREDIT_PATTERN.match(code):
        return "统一社会信用代码应为18位数字或大写字母（不使用I、O、Z、S、V）。"
    if credit_check_char(code[:17]) != code[17]:
        return "统一社会信用代码校验位不正确，请核对。"
    return ""


def masked_name(name: str) -> str:
    """A natural person's name as published (个人信息保护法): the surname, the rest as *.

    Two-character surnames (欧阳, 司马…) are not told apart; keeping one character and masking
    the rest reveals less, never more."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def public_party(name: str, party_type: str) -> str:
    """当事人 as the public sees it: organisations and 个体工商户 by name, persons masked."""
    return masked_name(name) if party_type == PARTY_NATURAL else name
