"""Private storage for commenters' attachments: never under MEDIA_URL, served only to staff."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Reads its root from settings on every use, so tests and deployments can move it."""

    @property
    def base_location(self) -> str:
        return str(settings.CONSULTATION_PRIVATE_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    return _storage
