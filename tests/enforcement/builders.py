"""Builders for the 第二十条 rows, written through `enforcement.services` as the admin and the
demo write them; `published=True` publishes the row as an approved review would."""

from datetime import date
from decimal import Decimal
from itertools import count

from enforcement.rules import PARTY_LEGAL, PARTY_NATURAL, credit_check_char
from enforcement.services import decision_create, fee_item_create, row_publish

_serial = count(1)


def credit_code(seed: int | None = None) -> str:
    """A valid 统一社会信用代码 (GB 32100-2015 check character) for a made-up company."""
    seed = next(_serial) if seed is None else seed
    first17 = f"91110108{seed:09d}"
    return first17 + credit_check_char(first17)


def decision(unit, *, published: bool = True, **fields):
    number = next(_serial)
    values = {
        "kind": "CF",
        "document_number": f"京税稽罚〔2025〕{number}号",
        "party_name": f"北京某某科技有限公司{number}",
        "party_type": PARTY_LEGAL,
        "matter": "未按规定期限办理纳税申报",
        "basis": "《中华人民共和国税收征收管理法》第六十二条",
        "content": "罚款二千元",
        "decided_on": date(2025, 3, 10),
        "unit_id": unit.pk,
    }
    values.update(fields)
    if values["party_type"] == PARTY_NATURAL:
        values.setdefault("credit_code", "")
    else:
        values.setdefault("credit_code", credit_code())
    row = decision_create(**values)
    return row_publish(row=row) if published else row


def fee(*, published: bool = True, **fields):
    number = next(_serial)
    values = {
        "year": 2025,
        "name": f"测试收费项目{number}",
        "basis": "财税〔2025〕1号",
        "standard": "每件10元",
        "amount": Decimal("1.5"),
    }
    values.update(fields)
    row = fee_item_create(**values)
    return row_publish(row=row) if published else row
