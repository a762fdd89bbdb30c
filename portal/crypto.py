"""Encryption of personal data at rest (PIPL), shared by every app that stores any.

Applicants' ID numbers and contacts (依申请公开) and commenters' contacts (征求意见) use the same
`EncryptedTextField`. Keys come from the environment (`PII_ENCRYPTION_KEYS`, newest first) and are
combined with MultiFernet, so a new key can be put in front while old ciphertexts stay readable
until `manage.py rotate_pii_keys` re-encrypts every such field with the newest key.
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(
            "未配置 PII_ENCRYPTION_KEYS：无法加密个人信息。请在环境变量中设置至少一个 Fernet 密钥。"
        )
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    """The MultiFernet for the keys currently configured (newest first)."""
    return _fernet(tuple(settings.PII_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    if not value:
        return ""
    return PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        raise ValueError("个人信息字段中出现了未加密的数据。")
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ValueError("无法用当前密钥解密个人信息，请检查 PII_ENCRYPTION_KEYS。") from exc


def rotate(stored: str) -> str:
    """Re-encrypt a stored value with the newest key (a plaintext left by old data is encrypted)."""
    if not stored:
        return ""
    if not stored.startswith(PREFIX):
        return encrypt(stored)
    return PREFIX + fernet().rotate(stored[len(PREFIX) :].encode()).decode()


class EncryptedTextField(models.TextField):
    """A text field stored as a Fernet token; Python code only ever sees the plaintext."""

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        if isinstance(value, str) and value.startswith(PREFIX):
            return value
        return encrypt(value)


def encrypted_columns() -> list[tuple[type[models.Model], list[str]]]:
    """Every installed model with encrypted fields and their column names, found by field type
    so a new app's personal data is rotated without anyone remembering to list it."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        columns = [
            field.column
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)
        ]
        if columns:
            found.append((model, columns))
    return found
