"""`manage.py import_policies FILE [--dry-run]`: CSV, XLSX or JSONL, all or nothing.

Columns are documented in `policies/resources.py`; writing goes through the bulk publisher.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from policies.services.importing import import_policies
from portal.spreadsheets.imports import ImportFileError


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
            except ImportFileError as error:
                raise CommandError(str(error)) from error
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"发现 {len(report.problems)} 处错误，未导入任何文件。")
        if dry_run:
            self.stdout.write(f"校验通过：{report.total_rows} 行，可以导入。")
        else:
            self.stdout.write(f"已导入 {report.written} 篇。")
