"""The contract every search backend fulfils."""

from typing import Protocol


class SearchBackend(Protocol):
    name: str

    def ping(self) -> None:
        """Raise if the backend cannot serve queries."""

    def health_details(self) -> dict[str, str]:
        """Extra facts for /healthz (e.g. a retry backlog)."""
