"""Private storage for what taxpayers attach to a 诉求: never under MEDIA_URL, served only to the
staff who handle the matter (audited), deleted with the rest of the personal data."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class TaxpayerPrivateStorage(FileSystemStorage):
    """The root is read from settings on every use, so tests and deployments can move it."""

    @property
    def base_location(self) -> str:
        return str(settings.TAXPAYER_PRIVATE_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def private_storage() -> TaxpayerPrivateStorage:
    return _storage


_storage = TaxpayerPrivateStorage()
