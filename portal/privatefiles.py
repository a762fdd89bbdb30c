"""Files that people hand in with a form (ID card scans, letters): never under MEDIA_URL.

Every app that accepts uploads from the public stores them with a `PrivateStorage` whose root is
a setting outside the public media directory (`*_PRIVATE_ROOT`, included in the portal backup).
Stored names are random: the original name often carries personal data ("张三身份证.png") and a
guessable name must never become a way in. Apps keep the original name in their own column for
the download. Files leave only through views that first check who is asking and then answer with
`private_file_response`: always a download, never rendered by the browser, never cached.
"""

import os
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible

ATTACHMENT_POLICY = "default-src 'none'"
"""CSP for a downloaded file: should a browser still render it, it may load and run nothing."""


@deconstructible
class PrivateStorage(FileSystemStorage):
    """File storage rooted at the directory named by the setting `root_setting`.

    The root is read from settings on every use, so tests and deployments can move it.
    """

    def __init__(self, root_setting: str) -> None:
        self.root_setting = root_setting
        super().__init__()

    @property
    def base_location(self) -> str:
        return str(getattr(settings, self.root_setting))

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("私有文件没有公开地址，只能通过核验身份的下载视图取得。")

    def generate_filename(self, filename: str) -> str:
        """Keep the dated folder and a safe extension; replace the name with a random one."""
        folder, name = os.path.split(filename)
        extension = os.path.splitext(name)[1].lower()
        if not extension[1:].isalnum() or len(extension) > 8:
            extension = ""
        return super().generate_filename(os.path.join(folder, secrets.token_hex(16) + extension))


def private_file_response(file: FieldFile, *, filename: str) -> FileResponse:
    """Send a stored private file as a download under its original name (404 if it is gone)."""
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404("附件不存在或已按期清除。") from error
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Content-Security-Policy"] = ATTACHMENT_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
