"""The search component of /healthz, registered with the portal core when the app loads."""

from search.backends import get_backend
from search.models import PendingIndexUpdate


def search_health(details: dict[str, object]) -> None:
    """Name the backend, report its retry backlog (even while it is down), then ping it."""
    backend = get_backend()
    details["search_backend"] = backend.name
    details.update(backend.health_details())
    backend.ping()
    details["search_backlog"] = PendingIndexUpdate.objects.count()
