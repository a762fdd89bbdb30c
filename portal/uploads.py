"""One check for files the public uploads (依申请公开 attachments, 征求意见 comment attachments).

A file is accepted by what it is, not by what it is called: its extension must be allowed and its
first bytes must match that type (filetype's magic numbers), so a renamed executable never lands
on a handler's desk.
"""

import filetype

# Word 97-2003 files are OLE compound files; the layout inside varies by the program that wrote
# them (Word, WPS), so the container is what can be checked.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

MIME_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
LABELS = {"pdf": "PDF", "jpg": "JPG", "png": "PNG", "doc": "DOC", "docx": "DOCX"}


def upload_extension(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return "jpg" if extension == "jpeg" else extension


def upload_error(upload, *, allowed: tuple[str, ...], max_bytes: int) -> str:
    """The Chinese reason an upload is refused, or "" when it may be stored."""
    kinds = "、".join(LABELS[extension] for extension in allowed)
    extension = upload_extension(upload.name)
    if extension not in allowed:
        return f"附件只能是 {kinds} 格式。"
    if upload.size > max_bytes:
        return f"附件不能超过 {max_bytes // (1024 * 1024)}MB。"
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if extension == "doc" and head.startswith(OLE_SIGNATURE):
        return ""
    kind = filetype.guess(head)
    if extension == "docx" and kind is None:
        # A DOCX is a zip; its main part may lie beyond the first bytes.
        kind = filetype.guess(upload.read())
        upload.seek(0)
    if kind is None or kind.mime != MIME_TYPES[extension]:
        return f"附件内容与文件类型不符，请上传真实的 {kinds} 文件。"
    return ""
