"""Applicants' attachments and reply files are private: stored outside public media under random
names, handed out only to the applicant's tracking session or to staff who may see the request,
always as a download that a browser will not render (CSP default-src 'none')."""

import re
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from disclosure import services
from disclosure.models import AuditLog, DisclosureRequest

from .factories import VALID_ID, RequestFactory
from .test_public import PNG, form_data

pytestmark = pytest.mark.django_db

ID_SCAN = "身份证正面.png"
PNG_SIGNATURE = PNG[:8]  # images are re-encoded on upload


def _apply_with_scan(client) -> tuple[DisclosureRequest, str]:
    upload = SimpleUploadedFile(ID_SCAN, PNG, content_type="image/png")
    response = client.post("/disclosure/apply/", {**form_data(), "attachment": upload})
    assert response.status_code == 302
    receipt = client.get(response["Location"]).content.decode()
    code = re.search(r'id="tracking-code"><strong>([A-Z0-9-]+)<', receipt).group(1)
    return DisclosureRequest.objects.get(), code


def _track(client, request: DisclosureRequest, code: str) -> None:
    response = client.post("/disclosure/track/", {"number": request.number, "code": code})
    assert response.status_code == 302


def _assert_private_download(response, filename: str, content: bytes) -> None:
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment;")
    assert quote(filename) in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(content)


def test_attachment_is_stored_outside_public_media_under_a_random_name(client):
    request, _ = _apply_with_scan(client)
    stored = Path(request.attachment.path)
    assert stored.is_relative_to(Path(settings.DISCLOSURE_PRIVATE_ROOT).resolve())
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert "身份证" not in request.attachment.name
    assert re.fullmatch(r"requests/2026/[0-9a-f]{32}\.png", request.attachment.name)
    assert request.attachment_name == ID_SCAN
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.png"))
    with pytest.raises(ValueError):
        request.attachment.url  # noqa: B018 - a private file has no public address


def test_applicant_downloads_own_attachment_only_in_their_tracking_session(client):
    request, code = _apply_with_scan(client)
    stranger = client.__class__()
    assert stranger.get("/disclosure/track/my-attachment/").status_code == 404

    applicant = client.__class__()
    _track(applicant, request, code)
    status_page = applicant.get("/disclosure/track/status/").content.decode()
    assert "/disclosure/track/my-attachment/" in status_page
    response = applicant.get("/disclosure/track/my-attachment/")
    _assert_private_download(response, ID_SCAN, PNG_SIGNATURE)
    assert AuditLog.objects.filter(action="public_attachment_download").count() == 1


def test_another_applicants_session_never_reaches_this_attachment(client):
    request, _ = _apply_with_scan(client)
    other_client = client.__class__()
    other_data = {**form_data(), "submission_token": str(uuid.uuid4())}
    response = other_client.post("/disclosure/apply/", other_data)
    receipt = other_client.get(response["Location"]).content.decode()
    number = re.search(r'id="request-number">([^<]+)<', receipt).group(1)
    code = re.search(r'id="tracking-code"><strong>([A-Z0-9-]+)<', receipt).group(1)
    _track(other_client, DisclosureRequest.objects.get(number=number), code)
    # Their own request has no attachment; the other request's file stays out of reach.
    assert other_client.get("/disclosure/track/my-attachment/").status_code == 404
    assert request.number != number


def test_staff_who_may_see_the_request_download_it_others_do_not(
    client, office_user, department, department_user, django_user_model
):
    request, _ = _apply_with_scan(client)
    url = f"/admin/disclosure/{request.pk}/attachment/"

    anonymous = client.__class__()
    assert anonymous.get(url).status_code == 302  # to the login page
    assert "/admin/login/" in anonymous.get(url)["Location"]

    client.force_login(department_user)
    assert client.get(url).status_code == 302  # not assigned: PermissionDenied → dashboard
    services.request_assign(request=request, department_id=department.pk, actor=office_user)
    _assert_private_download(client.get(url), ID_SCAN, PNG_SIGNATURE)

    client.force_login(office_user)
    _assert_private_download(client.get(url), ID_SCAN, PNG_SIGNATURE)
    assert AuditLog.objects.filter(action="attachment_download").count() == 2


def test_reply_files_are_private_and_reach_the_tracking_applicant(client, office_user):
    request, code = _apply_with_scan(client)
    reply_file = SimpleUploadedFile(
        "答复材料.pdf", b"%PDF-1.4 reply", content_type="application/pdf"
    )
    services.request_reply(
        request=request,
        outcome="disclose",
        reply_text="所需信息见附件。",
        replied_on=date(2026, 11, 30),
        actor=office_user,
        attachments=[reply_file],
    )
    attachment = request.reply_attachments.get()
    assert "答复材料" not in attachment.file.name
    assert Path(attachment.file.path).is_relative_to(
        Path(settings.DISCLOSURE_PRIVATE_ROOT).resolve()
    )
    url = f"/disclosure/track/attachments/{attachment.pk}/"
    assert client.__class__().get(url).status_code == 404
    applicant = client.__class__()
    _track(applicant, request, code)
    _assert_private_download(applicant.get(url), "答复材料.pdf", b"%PDF-1.4 reply")


def test_a_missing_file_answers_404_not_500(client, office_user):
    request, _ = _apply_with_scan(client)
    Path(request.attachment.path).unlink()
    client.force_login(office_user)
    assert client.get(f"/admin/disclosure/{request.pk}/attachment/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_migration_moves_public_files_into_private_storage(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.DISCLOSURE_PRIVATE_ROOT = str(tmp_path / "private")
    request = RequestFactory(id_number=VALID_ID)
    reply = RequestFactory(received_on=date(2026, 11, 2))
    executor = MigrationExecutor(connection)
    before = [("disclosure", "0004_office_maintains_unit_members")]
    executor.migrate(before)
    try:
        old_apps = executor.loader.project_state(before).apps
        public = Path(settings.MEDIA_ROOT) / "disclosure"
        (public / "requests" / "2026").mkdir(parents=True)
        (public / "replies" / "2026").mkdir(parents=True)
        (public / "requests" / "2026" / ID_SCAN).write_bytes(PNG)
        (public / "replies" / "2026" / "答复.pdf").write_bytes(b"%PDF-1.4 old reply")
        OldRequest = old_apps.get_model("disclosure", "DisclosureRequest")
        OldRequest.objects.filter(pk=request.pk).update(
            attachment=f"disclosure/requests/2026/{ID_SCAN}"
        )
        OldReply = old_apps.get_model("disclosure", "ReplyAttachment")
        old_reply = OldReply.objects.create(
            request_id=reply.pk, file="disclosure/replies/2026/答复.pdf", title="答复.pdf"
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    moved = DisclosureRequest.objects.get(pk=request.pk)
    assert re.fullmatch(r"requests/2026/[0-9a-f]{32}\.png", moved.attachment.name)
    assert moved.attachment_name == ID_SCAN
    assert Path(moved.attachment.path).read_bytes() == PNG
    moved_reply = DisclosureRequest.objects.get(pk=reply.pk).reply_attachments.get(pk=old_reply.pk)
    assert re.fullmatch(r"replies/2026/[0-9a-f]{32}\.pdf", moved_reply.file.name)
    assert Path(moved_reply.file.path).read_bytes() == b"%PDF-1.4 old reply"
    assert not list((Path(settings.MEDIA_ROOT) / "disclosure").rglob("*.*"))


def test_private_storage_keeps_only_a_safe_extension():
    from disclosure.storage import private_storage

    name = private_storage().save(
        private_storage().generate_filename("requests/2026/x.p<h>p"), ContentFile(b"x")
    )
    assert re.fullmatch(r"requests/2026/[0-9a-f]{32}", name)
