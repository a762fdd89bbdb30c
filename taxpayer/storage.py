"""Private storage for what taxpayers attach to a 诉求: never under MEDIA_URL, served only to the
staff who handle the matter (audited), deleted with the rest of the personal data."""

from portal.privatefiles import PrivateStorage

_storage = PrivateStorage("TAXPAYER_PRIVATE_ROOT")


def private_storage() -> PrivateStorage:
    return _storage
