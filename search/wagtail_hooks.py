"""Shows editors the search-index backlog on the admin dashboard, so a down backend is noticed."""

from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.components import Component

from search.models import PendingIndexUpdate


class SearchBacklogPanel(Component):
    """Counts index updates that failed and wait for `search_index update` to retry them."""

    name = "search_backlog"
    order = 50

    def render_html(self, parent_context=None) -> str:
        pending = PendingIndexUpdate.objects.count()
        if pending:
            message = format_html(
                "站内搜索：有 <strong>{}</strong> 条索引更新失败，正在等待重试"
                "（运行 <code>manage.py search_index update</code> 立即重试）。",
                pending,
            )
        else:
            message = "站内搜索：索引已是最新，没有待重试的更新。"
        return format_html(
            '<section class="panel w-mb-8" aria-labelledby="search-backlog-heading">'
            '<h2 id="search-backlog-heading" class="w-h4">搜索索引</h2><p>{}</p></section>',
            message,
        )


@hooks.register("construct_homepage_panels")
def add_search_backlog_panel(request, panels: list) -> None:
    panels.append(SearchBacklogPanel())
