"""Who may import and export each list: Django model permissions, granted to the editorial
groups by migration (编辑 add/change, 审核人 also delete, 保密审查员 view)."""

from django.contrib.auth.models import AbstractBaseUser

from lists.models import PowerItem, ServiceGuide, Task, Unit

MODELS = {"power": PowerItem, "guides": ServiceGuide, "tasks": Task, "units": Unit}


def _perm(kind: str, action: str) -> str:
    meta = MODELS[kind]._meta
    return f"{meta.app_label}.{action}_{meta.model_name}"


def can_import(user: AbstractBaseUser, kind: str, *, deleting: bool = False) -> bool:
    """An import creates and changes records, so it needs both; deleting rows needs delete."""
    actions = ["add", "change"] + (["delete"] if deleting else [])
    return user.is_active and all(user.has_perm(_perm(kind, a)) for a in actions)


def can_export(user: AbstractBaseUser, kind: str) -> bool:
    return user.is_active and user.has_perm(_perm(kind, "view"))
