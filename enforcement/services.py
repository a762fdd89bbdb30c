"""Writes of the 第二十条 rows. Every write checks the whole row (`full_clean`) before saving, in
one transaction, and leaves a revision with its author (Wagtail's history), since rows name
people. A new row is a draft; publishing is a separate act (review, or the operator's demo)."""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from enforcement.models import EnforcementDecision, FeeItem
from enforcement.rules import PARTY_LEGAL
from lists.organisations import organisation
from portal.errors import RuleViolation


def _unit_or_refuse(unit_id: int | None, what: str, *, required: bool) -> int | None:
    if unit_id is None:
        if required:
            raise RuleViolation(f"请选择{what}。", field="unit")
        return None
    if organisation(unit_id) is None:
        raise RuleViolation(f"{what}不存在，请在机构职能中核对。", field="unit")
    return unit_id


def _save_draft(row, user: AbstractBaseUser | None):
    row.live = False
    row.has_unpublished_changes = True
    row.full_clean()
    row.save()
    row.save_revision(user=user, log_action=True)
    return row


@transaction.atomic
def decision_create(
    *,
    kind: str,
    document_number: str,
    party_name: str,
    matter: str,
    basis: str,
    content: str,
    decided_on: date,
    unit_id: int | None,
    party_type: str = PARTY_LEGAL,
    credit_code: str = "",
    publicity_until: date | None = None,
    user: AbstractBaseUser | None = None,
) -> EnforcementDecision:
    """Record a decision as a draft awaiting review."""
    decision = EnforcementDecision(
        kind=kind,
        document_number=(document_number or "").strip(),
        party_name=(party_name or "").strip(),
        party_type=party_type,
        credit_code=credit_code,
        matter=(matter or "").strip(),
        basis=basis,
        content=content,
        decided_on=decided_on,
        unit_id=_unit_or_refuse(unit_id, "作出决定机关", required=True),
        publicity_until=publicity_until,
    )
    return _save_draft(decision, user)


@transaction.atomic
def fee_item_create(
    *,
    year: int,
    name: str,
    basis: str,
    standard: str,
    amount: Decimal,
    unit_id: int | None = None,
    user: AbstractBaseUser | None = None,
) -> FeeItem:
    """Record one fee item of one year as a draft awaiting review."""
    item = FeeItem(
        year=year,
        name=(name or "").strip(),
        basis=basis,
        standard=standard,
        amount=amount,
        unit_id=_unit_or_refuse(unit_id, "收费单位", required=False),
    )
    return _save_draft(item, user)


@transaction.atomic
def row_publish(*, row: EnforcementDecision | FeeItem, user: AbstractBaseUser | None = None):
    """Publish the row's latest revision (what review does when it approves; the demo loader
    calls it with no user, as the operator)."""
    revision = row.latest_revision
    if revision is None:
        raise RuleViolation("该信息没有可发布的版本，请先保存。")
    revision.publish(user=user)
    row.refresh_from_db()
    return row
