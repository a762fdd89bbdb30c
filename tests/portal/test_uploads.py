"""Public uploads: polyglots, zip bombs and active PDFs are refused; images are re-encoded."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from docx import Document
from PIL import Image

from portal.uploads import upload_error

MB = 1024 * 1024
PUBLIC = ("pdf", "jpg", "png", "doc", "docx")


def _png(**save) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, "PNG", **save)
    return buffer.getvalue()


def _jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), (20, 120, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def _pdf(body: bytes = b"") -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + body + b"\n%%EOF\n"


def _docx() -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("关于征求意见稿的意见")
    document.save(buffer)
    return buffer.getvalue()


def _office_zip(extra: dict[str, bytes] | None = None, *, entries: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
        for number in range(entries):
            archive.writestr(f"word/media/x{number}.xml", "")
    return buffer.getvalue()


def _check(name: str, data: bytes):
    upload = SimpleUploadedFile(name, data)
    return upload, upload_error(upload, allowed=PUBLIC, max_bytes=20 * MB)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("scan.png", _png() + b"<html><script>alert(document.cookie)</script></html>"),
        ("scan.pdf", _pdf(b"<!DOCTYPE html><body onload=alert(1)>")),
        ("scan.jpg", _jpeg_with_exif() + b"<svg onload=alert(1)>"),
        ("scan.pdf", _pdf(b"<< /S /JavaScript /JS (app.alert(1)) >>")),
    ],
)
def test_polyglots_and_active_pdfs_are_refused(name, data):
    _, error = _check(name, data)
    assert error == "附件中含有网页或脚本内容，出于安全原因已拒收。" or "脚本" in error


def test_office_zip_bomb_is_refused_by_uncompressed_size():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/bomb.bin", "w") as bomb:
            chunk = b"\0" * MB
            for _ in range(120):
                bomb.write(chunk)
    _, error = _check("意见.docx", buffer.getvalue())
    assert "压缩炸弹" in error


def test_office_file_with_absurd_compression_ratio_is_refused():
    _, error = _check("意见.docx", _office_zip({"word/fill.xml": b"A" * (20 * MB)}))
    assert "压缩比异常" in error


def test_office_file_with_too_many_entries_is_refused():
    _, error = _check("意见.docx", _office_zip(entries=2001))
    assert "内部文件过多" in error


def test_a_real_docx_and_pdf_are_accepted():
    assert _check("意见.docx", _docx())[1] == ""
    assert (
        _check("申请.pdf", _pdf(b"2 0 obj << /Length 5 >> stream\nhello\nendstream endobj"))[1]
        == ""
    )


def test_images_are_reencoded_without_exif_or_trailing_bytes():
    data = _jpeg_with_exif() + b"TRAILING-PAYLOAD"
    upload, error = _check("证件.jpg", data)
    assert error == ""
    upload.seek(0)
    stored = upload.read()
    assert b"TRAILING-PAYLOAD" not in stored and b"SecretCam" not in stored
    assert upload.size == len(stored)
    assert Image.open(io.BytesIO(stored)).size == (40, 30)


def test_large_uploads_on_disk_are_reencoded_in_their_temporary_file():
    upload = TemporaryUploadedFile("证件.png", "image/png", 0, None)
    upload.write(_png() + b"TRAILING")
    upload.flush()
    upload.size = upload.tell()
    assert upload_error(upload, allowed=PUBLIC, max_bytes=20 * MB) == ""
    with open(upload.temporary_file_path(), "rb") as stored:
        content = stored.read()
    assert not content.endswith(b"TRAILING") and content.startswith(b"\x89PNG")
    upload.close()


def test_broken_image_is_refused_with_a_message():
    _, error = _check("证件.png", _png()[:60])
    assert "图片已损坏" in error
