"""Re-encrypt all stored personal data with the newest key in PII_ENCRYPTION_KEYS.

Rotation: put the new key first in PII_ENCRYPTION_KEYS (keep the old ones after it), deploy,
run this command, then drop the old keys.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from disclosure.crypto import rotate
from disclosure.models import DisclosureRequest, OutboxEmail

FIELDS = {
    DisclosureRequest: ["id_number", "phone", "email", "address"],
    OutboxEmail: ["to"],
}


class Command(BaseCommand):
    help = "用最新密钥重新加密申请人个人信息。"

    def handle(self, *args, **options):
        count = 0
        with transaction.atomic(), connection.cursor() as cursor:
            for model, fields in FIELDS.items():
                table = connection.ops.quote_name(model._meta.db_table)
                columns = ", ".join(connection.ops.quote_name(f) for f in fields)
                cursor.execute(f"SELECT id, {columns} FROM {table}")  # noqa: S608
                for row in cursor.fetchall():
                    values = [rotate(v) if v else v for v in row[1:]]
                    assignments = ", ".join(f"{connection.ops.quote_name(f)} = %s" for f in fields)
                    cursor.execute(
                        f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608
                        [*values, row[0]],
                    )
                    count += 1
        self.stdout.write(f"已重新加密 {count} 条记录。")
