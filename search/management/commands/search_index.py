"""`manage.py search_index rebuild|update|status`."""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search.backends import get_backend
from search.indexing import count_documents, rebuild, retry_pending
from search.models import PendingIndexUpdate


class Command(BaseCommand):
    help = "重建或更新站内搜索索引，或查看索引状态。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "update", "status"])

    def handle(self, *args, action: str, **options):
        backend = get_backend()
        if action == "rebuild":
            total = count_documents()
            with tqdm(total=total, desc="重建索引", unit="条", disable=None) as bar:
                indexed = rebuild(progress=bar.update)
            self.stdout.write(f"搜索索引已重建（{backend.name}）：{indexed} 条。")
        elif action == "update":
            done, failed = retry_pending()
            self.stdout.write(f"已重试待更新的索引：成功 {done} 条，仍失败 {failed} 条。")
        else:
            pending = PendingIndexUpdate.objects.count()
            count = backend.count() if hasattr(backend, "count") else "未知"
            self.stdout.write(
                f"搜索后端：{backend.name}；已索引：{count} 条；待重试：{pending} 条。"
            )
