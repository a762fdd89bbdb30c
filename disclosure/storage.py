"""Private storage for what applicants attach and for the files sent with a reply: outside the
public media directory under random names, served only by the tracking and ledger views."""

from portal.privatefiles import PrivateStorage

_storage = PrivateStorage("DISCLOSURE_PRIVATE_ROOT")


def private_storage() -> PrivateStorage:
    return _storage
