"""Numbers and secret codes: a gap-free 编号 per year, and the 查询码/预约码 the taxpayer keeps.

Only a keyed hash of a code is stored (as for 依申请公开), so a leaked database does not let
anyone open a taxpayer's record; the code itself is shown once and e-mailed once.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db.models import F

from taxpayer.models import NumberSequence

CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_code() -> str:
    """Twelve characters without look-alikes (0/O, 1/I), grouped by four: 'K7PM-3QXA-9TWD'."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def code_hash(code: str, *, purpose: str) -> str:
    """HMAC of the normalised code; `purpose` keeps a 查询码 from opening an appointment."""
    normalised = "".join((code or "").split()).upper().replace("-", "")
    message = f"taxpayer-{purpose}:{normalised}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def code_matches(code: str, stored_hash: str, *, purpose: str) -> bool:
    return bool(stored_hash) and hmac.compare_digest(code_hash(code, purpose=purpose), stored_hash)


def next_number(prefix: str, year: int) -> str:
    """'SQ-2026-000001': call inside the transaction that saves the record."""
    sequence, _ = NumberSequence.objects.select_for_update().get_or_create(prefix=prefix, year=year)
    NumberSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
    sequence.refresh_from_db()
    return f"{prefix}-{year}-{sequence.last:06d}"
