"""The contract every search backend fulfils."""

from typing import Protocol


class SearchBackend(Protocol):
    name: str

    def ping(self) -> None:
        """Raise if the backend cannot serve queries."""

    def health_details(self) -> dict[str, str]:
        """Extra facts for /healthz (e.g. a retry backlog)."""

    def warm_up(self) -> None:
        """Load what searching needs before a new worker takes requests."""


def backlog_details() -> dict[str, int]:
    """The retry backlog for /healthz, reported even while the backend itself is unreachable."""
    from search.models import PendingIndexUpdate

    try:
        return {"search_backlog": PendingIndexUpdate.objects.count()}
    except Exception:  # noqa: BLE001 - a database fault is reported by the database probe
        return {}
