"""Restore a backup made by portal_backup into an empty database (see portal/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal.backup import backup_restore
from portal.errors import RuleViolation


class Command(BaseCommand):
    help = "把 portal_backup 生成的备份恢复到一个空数据库，并恢复附件目录。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="备份文件路径")
        parser.add_argument(
            "--ignore-keys",
            action="store_true",
            help="密钥指纹不一致时仍然恢复（个人信息将无法解密，仅用于取证）",
        )

    def handle(self, *args, archive: str, ignore_keys: bool, **options):
        try:
            manifest = backup_restore(archive=Path(archive), ignore_keys=ignore_keys)
        except RuleViolation as error:
            raise CommandError(error.text) from None
        self.stdout.write(
            self.style.SUCCESS(f"已从 {archive} 恢复（备份时间 {manifest['created_at']}）。")
        )
