"""`manage.py import_policies FILE [--dry-run]`: CSV, XLSX or JSONL, all or nothing.

Columns are documented in `cms/resources.py`; writing goes through the bulk publisher.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from policies.services.importing import import_policies


class Command(BaseCommand):
    help = "批量导入政策文件（CSV、XLSX 或 JSONL）；任何一行有误则全部不导入。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不导入")

    def handle(self, *args, file: str, dry_run: bool, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"文件不存在：{file}")
        with tqdm(desc="导入政策文件", unit="篇", disable=None) as bar:

            def started(total: int) -> None:
                bar.total = total
                bar.refresh()

            try:
                report = import_policies(
                    path, dry_run=dry_run, progress=bar.update, started=started
                )
            except (ValueError, KeyError) as error:
                raise CommandError(f"无法读取文件：{error}") from error
        if report.errors:
            for message in report.errors:
                self.stderr.write(message)
            raise CommandError(f"发现 {len(report.errors)} 处错误，未导入任何文件。")
        if dry_run:
            self.stdout.write(f"校验通过：{report.rows} 行，可以导入。")
        else:
            self.stdout.write(f"已导入 {report.created} 篇。")
