"""Personal data: encrypted at rest, key rotation, retention purge that keeps statistics."""

from datetime import date

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from disclosure import services
from disclosure.models import AuditLog, DisclosureRequest
from disclosure.reporting import ledger_records
from portal.models import OutboxMessage, OutboxStatus

from .factories import VALID_ID, RequestFactory

pytestmark = pytest.mark.django_db


def raw_row(pk: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number, phone, address, email"
            " FROM disclosure_disclosurerequest WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()


def test_no_plaintext_id_number_or_phone_in_the_database():
    request = RequestFactory(received_on=date(2026, 9, 18))
    id_number, phone, address, email = raw_row(request.pk)
    assert VALID_ID not in id_number
    assert "13800138000" not in phone
    assert "西城区" not in address
    assert id_number.startswith("fernet:")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM disclosure_disclosurerequest")
        dump = repr(cursor.fetchall())
        cursor.execute("SELECT * FROM portal_outboxmessage")
        dump += repr(cursor.fetchall())
    assert VALID_ID not in dump and "13800138000" not in dump
    assert DisclosureRequest.objects.get(pk=request.pk).id_number == VALID_ID


def test_key_rotation_reencrypts_with_the_new_key(settings):
    old_key = settings.PII_ENCRYPTION_KEYS[0]
    request = RequestFactory(received_on=date(2026, 9, 18))
    before = raw_row(request.pk)[0]
    new_key = Fernet.generate_key().decode()
    settings.PII_ENCRYPTION_KEYS = [new_key, old_key]
    assert DisclosureRequest.objects.get(pk=request.pk).id_number == VALID_ID
    call_command("rotate_pii_keys")
    after = raw_row(request.pk)[0]
    assert after != before
    settings.PII_ENCRYPTION_KEYS = [new_key]  # old key retired
    assert DisclosureRequest.objects.get(pk=request.pk).id_number == VALID_ID
    assert DisclosureRequest.objects.get(pk=request.pk).phone == "13800138000"


def test_unknown_key_fails_loudly(settings):
    request = RequestFactory(received_on=date(2026, 9, 18))
    settings.PII_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ValueError, match="无法用当前密钥解密"):
        DisclosureRequest.objects.get(pk=request.pk)


def test_purge_erases_personal_data_of_old_closed_requests_and_keeps_statistics(office_user):
    old = RequestFactory(received_on=date(2024, 3, 1), applicant_name="赵六")
    services.request_reply(
        request=old,
        outcome="unable_1",
        reply_text="不掌握。",
        replied_on=date(2024, 3, 15),
        actor=office_user,
    )
    open_request = RequestFactory(received_on=date(2024, 3, 1))
    call_command("disclosure_purge_pii", "--days", "365")
    old.refresh_from_db()
    assert old.pii_purged_at is not None
    assert old.id_number == "" and old.phone == "" and old.address == ""
    assert "赵六" not in old.applicant_name
    assert all("赵六" not in n.body for n in old.notices.all())
    open_request.refresh_from_db()
    assert open_request.id_number == VALID_ID
    record = next(r for r in ledger_records() if r.request_id == old.pk)
    assert record.outcome == "unable_1" and record.closed_on == date(2024, 3, 15)
    assert AuditLog.objects.filter(action="purge_pii", request=old).exists()


def test_purge_forgets_the_mail_sent_about_the_request(
    office_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        old = RequestFactory(received_on=date(2024, 3, 1), email="zhao@example.com")
        services.request_reply(
            request=old,
            outcome="disclose",
            reply_text="予以公开。",
            replied_on=date(2024, 3, 15),
            actor=office_user,
        )
        open_request = RequestFactory(received_on=date(2026, 11, 2))
    reference = services.mail_reference(old)
    statuses = list(OutboxMessage.objects.filter(reference=reference).values_list("status"))
    assert statuses == [(OutboxStatus.SENT,)] * 2  # the receipt and the reply

    call_command("disclosure_purge_pii", "--days", "365")

    assert not OutboxMessage.objects.filter(reference=reference).exists()
    assert OutboxMessage.objects.filter(reference=services.mail_reference(open_request)).exists()
    assert all(message.to != "zhao@example.com" for message in OutboxMessage.objects.all())


def test_every_change_is_audited(office_user):
    request = RequestFactory(received_on=date(2026, 9, 18))
    services.request_withdraw(request=request, withdrawn_on=date(2026, 9, 21), actor=office_user)
    actions = set(AuditLog.objects.filter(request=request).values_list("action", flat=True))
    assert {"register", "withdraw"} <= actions


TRICKY_NAME = 'O\'Brien & 张<三> "小"'


def test_sent_mail_keeps_neither_the_tracking_code_nor_the_applicants_name(
    office_user, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        request = RequestFactory(
            received_on=date(2026, 11, 2),
            applicant_kind="commercial",
            applicant_name="某某科技有限公司",
        )
        services.request_withdraw(
            request=request, withdrawn_on=date(2026, 11, 3), actor=office_user
        )
    code = request.tracking_code
    assert code in mail.outbox[0].body and "某某科技有限公司" in mail.outbox[0].body
    sent = OutboxMessage.objects.filter(reference=services.mail_reference(request))
    stored = [message.body for message in sent]
    assert len(stored) == 2
    for body in stored:
        assert code not in body and code.replace("-", "") not in body
        assert "某某科技有限公司" not in body and "李四" not in body
        assert "（已隐去）" in body


def test_purge_finds_every_copy_of_a_name_with_markup_characters(office_user):
    old = RequestFactory(received_on=date(2024, 3, 1), applicant_name=TRICKY_NAME)
    services.request_reply(
        request=old,
        outcome="disclose",
        reply_text=f"{TRICKY_NAME}申请的文件予以公开。",
        replied_on=date(2024, 3, 15),
        actor=office_user,
    )
    # A notice rendered before escaping moved to print time stored the name escaped.
    legacy = old.notices.first()
    legacy.body = "O&#x27;Brien &amp; 张&lt;三&gt; &quot;小&quot;：已收到。"
    legacy.save()
    call_command("disclosure_purge_pii", "--days", "365")
    old.refresh_from_db()
    texts = [old.applicant_name, old.reply_text]
    texts += [notice.text for notice in old.notices.all()]
    texts += list(old.events.values_list("note", flat=True))
    for text in texts:
        for fragment in ("O'Brien", "O&#x27;Brien", "张<三>", "张&lt;三&gt;", "Brien"):
            assert fragment not in text, text
    assert old.notices.get(pk=legacy.pk).body == "（已清除）：已收到。"
