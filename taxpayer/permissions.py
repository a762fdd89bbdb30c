"""Who may see and act on which record. The roles named in `transitions.py` are decided here.

- service: the 纳税服务部门 (seed 002 五（二）: 牵头组织，设立专门岗位) sees every matter.
- first_responder: whoever registered a matter, or works in the unit that received it (首问).
- handler: staff of the 主办 or 协办 unit (“谁主办、谁反馈”), and the 纳税服务部门.
- dispatcher: the 纳税服务部门; for a 首问 matter also its first responder, who 转办s it himself.
- hall: staff of the 办税服务厅 (and the 纳税服务部门).
- rating: staff who follow up 差评.
- taxpayer: only the taxpayer, proven by the 查询码/预约码; never a staff account.
"""

from lists.organisations import unit_ids_of_user
from taxpayer.models import Matter, MatterKind, ServiceHall


def _active(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def is_service(user) -> bool:
    return _active(user) and user.has_perm("taxpayer.serve_matter")


def is_matter_staff(user) -> bool:
    """May open the ledger at all (to register 首问 matters and see their own unit's)."""
    return _active(user) and (
        user.has_perm("taxpayer.add_matter")
        or user.has_perm("taxpayer.serve_matter")
        or user.has_perm("taxpayer.handle_assigned_matter")
    )


def is_first_responder(user, matter: Matter) -> bool:
    if is_service(user):
        return True
    if not _active(user) or not user.has_perm("taxpayer.add_matter"):
        return False
    return matter.first_responder_id == user.pk or matter.receiving_unit_id in unit_ids_of_user(
        user
    )


def is_handler(user, matter: Matter) -> bool:
    if is_service(user):
        return True
    if not _active(user) or not user.has_perm("taxpayer.handle_assigned_matter"):
        return False
    units = set(unit_ids_of_user(user))
    if matter.host_unit_id in units or matter.handler_id == user.pk:
        return True
    return matter.co_units.filter(pk__in=units).exists()


def can_view(user, matter: Matter) -> bool:
    return is_first_responder(user, matter) or is_handler(user, matter)


def is_hall_staff(user, hall: ServiceHall | None = None) -> bool:
    if not _active(user) or not user.has_perm("taxpayer.manage_appointments"):
        return False
    if hall is None or user.is_superuser or is_service(user):
        return True
    return hall.staff.filter(pk=user.pk).exists()


def may(user, role: str, record) -> bool:
    """Whether `user` may take an action of `role` on `record` (a matter, appointment, rating)."""
    if role == "service":
        return is_service(user)
    if role == "first_responder":
        return is_first_responder(user, record)
    if role == "handler":
        # A 首问 matter's first responder answers for it until it is 转办 (seed 001 一).
        return is_handler(user, record) or (
            record.kind == MatterKind.FIRST_CONTACT and is_first_responder(user, record)
        )
    if role == "dispatcher":
        return is_service(user) or (
            record.kind == MatterKind.FIRST_CONTACT and is_first_responder(user, record)
        )
    if role == "hall":
        return is_hall_staff(user, record.hall)
    if role == "rating":
        return _active(user) and user.has_perm("taxpayer.handle_bad_rating")
    return False
