"""The organisations interface: how every other app reads 机构职能 (`lists.Unit`).

One record per unit holds its name and contacts, so the footer, the 政府信息公开指南, the
依申请公开 pages, the notices' 落款 and the consultation pages all show the same words. Other
apps reference units in their models by the string "lists.Unit" and read them only through the
functions here, which return frozen `Organisation` records rather than model instances.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db.models import QuerySet

from lists.models import Unit


@dataclass(frozen=True)
class Organisation:
    id: int
    name: str  # 机构名称 as published, e.g. 办公厅
    address: str  # 办公地址 (also the postal address for letters)
    postcode: str
    office_hours: str  # 办公时间 as written, e.g. 工作日 上午8:30—11:30…
    phone: str
    fax: str
    email: str
    head: str  # 负责人


def _organisation(unit: Unit | None) -> Organisation | None:
    if unit is None:
        return None
    return Organisation(
        id=unit.pk,
        name=unit.name,
        address=unit.address,
        postcode=unit.postcode,
        office_hours=unit.office_hours,
        phone=unit.phone,
        fax=unit.fax,
        email=unit.email,
        head=unit.head,
    )


_remembered: ContextVar[dict[str, Organisation | None] | None] = ContextVar(
    "organisations_remembered", default=None
)


@contextmanager
def remembered() -> Iterator[None]:
    """Within the block (or the decorated function), `agency()` and `disclosure_office()` read
    机构职能 once: registering one request names the office in its letter's text, its 落款 and
    its e-mail, and each would otherwise query again."""
    token = _remembered.set({})
    try:
        yield
    finally:
        _remembered.reset(token)


def _first_unit(role: str) -> Organisation | None:
    memo = _remembered.get()
    if memo is not None and role in memo:
        return memo[role]
    found = _organisation(Unit.objects.filter(**{role: True}).order_by("sort_order", "pk").first())
    if memo is not None:
        memo[role] = found
    return found


def agency() -> Organisation | None:
    """The agency that runs the portal (主办单位), or None before staff have marked one."""
    return _first_unit("is_agency")


def disclosure_office() -> Organisation | None:
    """The 政府信息公开工作机构 that receives requests and signs the notices."""
    return _first_unit("is_disclosure_office")


def organisation(unit_id: int | None) -> Organisation | None:
    """One unit by id (e.g. the 承办部门 of an assignment); None when it does not exist."""
    if unit_id is None:
        return None
    return _organisation(Unit.objects.filter(pk=unit_id).first())


def unit_choices() -> QuerySet[Unit]:
    """Units in published order, for a choice field or a foreign key's queryset in another app."""
    return Unit.objects.order_by("sort_order", "name")


def unit_ids_of_user(user) -> list[int]:
    """The units a staff user works in (承办部门 scoping); empty for anonymous users."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(Unit.objects.filter(members=user).values_list("pk", flat=True))
