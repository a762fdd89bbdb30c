"""Dependency checks behind /healthz, kept apart from the view so commands can reuse them."""

from dataclasses import dataclass, field

from django.db import connection

from search.backends import get_backend


@dataclass
class HealthReport:
    database: str = "ok"
    search: str = "ok"
    search_backend: str = ""
    details: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.database == "ok" and self.search == "ok"

    def as_dict(self) -> dict:
        data = {
            "status": "ok" if self.ok else "error",
            "database": self.database,
            "search": self.search,
            "search_backend": self.search_backend,
        }
        data.update(self.details)
        return data


def check_health() -> HealthReport:
    """Probe the database and the search backend; never raises."""
    report = HealthReport()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any driver error means the database is down
        report.database = "error"
        report.details["database_error"] = exc.__class__.__name__
    try:
        backend = get_backend()
        report.search_backend = backend.name
        report.details.update(backend.health_details())
        backend.ping()
        from search.models import PendingIndexUpdate

        report.details["search_backlog"] = PendingIndexUpdate.objects.count()
    except Exception as exc:  # noqa: BLE001 - any transport error means search is down
        report.search = "error"
        report.details["search_error"] = exc.__class__.__name__
    return report
