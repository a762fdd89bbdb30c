"""Commenters' contacts are encrypted at rest and survive a key rotation."""

from io import StringIO

from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from consultation.models import Comment
from portal.models import OutboxMessage
from tests.consultation.factories import CommentFactory, ConsultationFactory


def _raw(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")
        return [row[0] for row in cursor.fetchall()]


def test_contacts_and_mail_recipients_are_stored_encrypted_and_read_back_in_clear(column):
    page = ConsultationFactory(notify_email="nsfws@example.gov.cn")
    comment = CommentFactory(consultation=page, name="周某", contact="zhou@example.com")
    stored = _raw("consultation_comment", "contact")
    assert stored and all(v.startswith("fernet:") for v in stored)
    assert "zhou@example.com" not in "".join(stored)
    recipients = _raw("portal_outboxmessage", '"to"')
    assert len(recipients) == 2 and all(v.startswith("fernet:") for v in recipients)
    assert "zhou@example.com" not in "".join(_raw("portal_outboxmessage", "body"))
    assert Comment.objects.get(pk=comment.pk).contact == "zhou@example.com"
    assert set(OutboxMessage.objects.values_list("to", flat=True)) == {
        "zhou@example.com",
        "nsfws@example.gov.cn",
    }


def test_key_rotation_re_encrypts_contacts_with_the_new_key(column, settings):
    comment = CommentFactory(
        consultation=ConsultationFactory(),
        kind="enterprise",
        name="某公司",
        contact="13912345678",
        text="请在密钥轮换后仍能联系我。",
    )
    old_keys = list(settings.PII_ENCRYPTION_KEYS)
    new_key = Fernet.generate_key().decode()
    settings.PII_ENCRYPTION_KEYS = [new_key, *old_keys]
    out = StringIO()
    call_command("rotate_pii_keys", stdout=out)
    assert "已重新加密 1 条记录" in out.getvalue()
    settings.PII_ENCRYPTION_KEYS = [new_key]  # old key dropped: still readable
    assert Comment.objects.get(pk=comment.pk).contact == "13912345678"
