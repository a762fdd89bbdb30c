"""Private storage for commenters' attachments: never under MEDIA_URL, served only to staff."""

from portal.privatefiles import PrivateStorage

_storage = PrivateStorage("CONSULTATION_PRIVATE_ROOT")


def private_storage() -> PrivateStorage:
    return _storage
