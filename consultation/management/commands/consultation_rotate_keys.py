"""Re-encrypt commenters' contacts (and queued mail recipients) with the newest PII key.

Run it together with ``disclosure_rotate_keys`` after putting a new key first in
PII_ENCRYPTION_KEYS; drop the old keys only after both have run.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from disclosure.crypto import PREFIX, encrypt, rotate

COLUMNS = [("consultation_comment", "contact"), ("consultation_commentnotification", "recipient")]


class Command(BaseCommand):
    help = "用最新密钥重新加密征求意见的联系方式。"

    def handle(self, *args, **options):
        count = 0
        quote = connection.ops.quote_name
        with transaction.atomic(), connection.cursor() as cursor:
            for table, column in COLUMNS:
                cursor.execute(f"SELECT id, {quote(column)} FROM {quote(table)}")
                for pk, value in cursor.fetchall():
                    if not value:
                        continue
                    new = rotate(value) if value.startswith(PREFIX) else encrypt(value)
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE id = %s",
                        [new, pk],
                    )
                    count += 1
        self.stdout.write(f"已重新加密 {count} 项联系方式。")
