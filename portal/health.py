"""Dependency checks behind /healthz, kept apart from the view so commands can reuse them.

The portal core checks the database itself, reading and writing (a rolled-back row of
`portal.HealthProbe`: a read-only or locked database still answers SELECT 1); every other
component (the search backend, later a mail relay) registers its own check with `register_check`
from its AppConfig.ready(), so the core never imports the apps above it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

HealthCheck = Callable[[dict[str, object]], None]
"""A check adds its facts to the dict it is given and raises when its component is down; what it
added before raising stays in the report (e.g. a retry backlog while the backend is down)."""


@dataclass(frozen=True)
class _Registered:
    name: str
    check: HealthCheck


_checks: list[_Registered] = []


def register_check(name: str, check: HealthCheck) -> None:
    """Add a component to /healthz: `name` becomes a key that reads "ok" or "error"."""
    if all(registered.name != name for registered in _checks):
        _checks.append(_Registered(name, check))


@dataclass
class HealthReport:
    components: dict[str, str] = field(default_factory=lambda: {"database": "ok"})
    details: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(state == "ok" for state in self.components.values())

    def as_dict(self) -> dict:
        return {"status": "ok" if self.ok else "error", **self.components, **self.details}


def check_health() -> HealthReport:
    """Probe the database and every registered component; never raises."""
    report = HealthReport()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        _probe_write()
    except Exception as exc:  # noqa: BLE001 - any driver error means the database is down
        report.components["database"] = "error"
        report.details["database_error"] = exc.__class__.__name__
    for registered in _checks:
        report.components[registered.name] = "ok"
        try:
            registered.check(report.details)
        except Exception as exc:  # noqa: BLE001 - any failure means the component is down
            report.components[registered.name] = "error"
            report.details[f"{registered.name}_error"] = exc.__class__.__name__
    return report


class _RollBack(Exception):
    """Raised inside the probe's transaction so nothing it wrote is kept."""


def _probe_write() -> None:
    """Write one row and roll it back: raises when the database is read-only or stays locked."""
    from portal.models import HealthProbe

    try:
        with transaction.atomic():
            HealthProbe.objects.create(checked_at=timezone.now())
            raise _RollBack
    except _RollBack:
        pass
