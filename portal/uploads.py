"""One check for files the public uploads (依申请公开 attachments, 征求意见 comment attachments).

A file is accepted by what it is, not by what it is called:
- its extension must be allowed and its first bytes must match that type (filetype's magic
  numbers), so a renamed executable never lands on a handler's desk;
- it must not also be a web page: a PDF or PNG header followed by HTML or script (a polyglot that
  a browser could be talked into running) is refused, as is a PDF carrying JavaScript;
- an Office file (a zip) is refused when its entries, their uncompressed size or their
  compression ratio exceed the limits below (zip bombs);
- an image is decoded and re-encoded by Pillow in place, so what is stored is only pixels: no
  trailing payload, no EXIF (location, device).

`upload_error` is the one entry point: every public form calls it before storing the file, and the
file it leaves behind is the one to store.
"""

import io
import re
import zipfile

import filetype
from PIL import Image, ImageOps, UnidentifiedImageError

# Word 97-2003 files are OLE compound files; the layout inside varies by the program that wrote
# them (Word, WPS), so the container is what can be checked.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

MIME_TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
LABELS = {"pdf": "PDF", "jpg": "JPG", "png": "PNG", "doc": "DOC", "docx": "DOCX", "xlsx": "XLSX"}
OFFICE_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
IMAGE_FORMATS = {"jpg": "JPEG", "png": "PNG"}

# Zip bomb limits for Office files: far above any real document, far below a bomb.
OFFICE_MAX_ENTRIES = 2000
OFFICE_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
OFFICE_MAX_RATIO = 200
# Decoded image size cap (a small PNG can declare gigapixels).
IMAGE_MAX_PIXELS = 50_000_000

# Markup a browser would run or render, anywhere in the raw bytes. Each marker is long enough that
# compressed data (JPEG scans, PDF streams) practically never contains it by chance.
ACTIVE_CONTENT = re.compile(
    rb"<(?:script|html|!doctype\s+html|body|iframe|svg|object|embed)[\s>/]|<\?php|javascript:",
    re.IGNORECASE,
)
# A PDF action that runs script or a program when the file is opened.
PDF_ACTIVE = re.compile(rb"/S\s*/(?:JavaScript|Launch)\b")


def upload_extension(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return "jpg" if extension == "jpeg" else extension


def _read_all(upload) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def _replace_content(upload, data: bytes) -> None:
    """Overwrite the uploaded file itself (in memory or its temporary file) with `data`."""
    upload.seek(0)
    upload.truncate()
    upload.write(data)
    upload.flush()
    upload.seek(0)
    upload.size = len(data)


def _office_error(data: bytes, extension: str) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return "附件已损坏，无法打开，请重新保存后上传。"
    names = {entry.filename for entry in entries}
    if OFFICE_MAIN_PART[extension] not in names or "[Content_Types].xml" not in names:
        return f"附件不是有效的 {LABELS[extension]} 文件。"
    if len(entries) > OFFICE_MAX_ENTRIES:
        return "附件内部文件过多，疑似压缩炸弹，已拒收。"
    if sum(entry.file_size for entry in entries) > OFFICE_MAX_UNCOMPRESSED_BYTES:
        return "附件解压后过大，疑似压缩炸弹，已拒收。"
    for entry in entries:
        if entry.file_size > OFFICE_MAX_RATIO * max(entry.compress_size, 1) + 1024 * 1024:
            return "附件压缩比异常，疑似压缩炸弹，已拒收。"
    return ""


def _reencode_image(upload, data: bytes, extension: str) -> str:
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.width * probe.height > IMAGE_MAX_PIXELS:
                return "图片尺寸过大，请缩小后上传。"
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            image = ImageOps.exif_transpose(image)
            output = io.BytesIO()
            if IMAGE_FORMATS[extension] == "JPEG":
                if image.mode not in ("RGB", "L", "CMYK"):
                    image = image.convert("RGB")
                image.save(output, "JPEG", quality=90, optimize=True)
            else:
                image.save(output, "PNG", optimize=True)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return "图片已损坏或无法识别，请重新保存后上传。"
    _replace_content(upload, output.getvalue())
    return ""


def upload_error(upload, *, allowed: tuple[str, ...], max_bytes: int) -> str:
    """The Chinese reason an upload is refused, or "" when it may be stored (images re-encoded)."""
    kinds = "、".join(LABELS[extension] for extension in allowed)
    extension = upload_extension(upload.name)
    if extension not in allowed:
        return f"附件只能是 {kinds} 格式。"
    if upload.size > max_bytes:
        return f"附件不能超过 {max_bytes // (1024 * 1024)}MB。"
    data = _read_all(upload)
    mismatch = f"附件内容与文件类型不符，请上传真实的 {kinds} 文件。"
    if extension == "doc":
        if not data.startswith(OLE_SIGNATURE):
            return mismatch
    else:
        kind = filetype.guess(data)
        if kind is None or kind.mime != MIME_TYPES[extension]:
            return mismatch
    if ACTIVE_CONTENT.search(data) or (extension == "pdf" and PDF_ACTIVE.search(data)):
        return "附件中含有网页或脚本内容，出于安全原因已拒收。"
    if extension in OFFICE_MAIN_PART:
        return _office_error(data, extension)
    if extension in IMAGE_FORMATS:
        return _reencode_image(upload, data, extension)
    return ""
