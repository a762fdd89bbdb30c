"""Re-encrypt all stored personal data with the newest key in PII_ENCRYPTION_KEYS.

Rotation: put the new key first in PII_ENCRYPTION_KEYS (keep the old ones after it), deploy, run
this command, then drop the old keys. Raw SQL, so no model code (or signal) sees plaintext.
"""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from portal.crypto import encrypted_columns, rotate


class Command(BaseCommand):
    help = "用最新密钥重新加密全部个人信息（依申请公开、征求意见等）。"

    def handle(self, *args, **options):
        quote = connection.ops.quote_name
        rows = 0
        with transaction.atomic(), connection.cursor() as cursor:
            for model, columns in encrypted_columns():
                table = quote(model._meta.db_table)
                pk = quote(model._meta.pk.column)
                selected = ", ".join(quote(column) for column in columns)
                assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
                cursor.execute(f"SELECT {pk}, {selected} FROM {table}")  # noqa: S608
                for key, *values in cursor.fetchall():
                    if not any(values):
                        continue
                    cursor.execute(
                        f"UPDATE {table} SET {assignments} WHERE {pk} = %s",  # noqa: S608
                        [*(rotate(value) if value else value for value in values), key],
                    )
                    rows += 1
                self.stdout.write(f"{model._meta.verbose_name}：{', '.join(columns)}")
        self.stdout.write(f"已重新加密 {rows} 条记录。")
