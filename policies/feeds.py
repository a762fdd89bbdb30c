"""RSS of newly published policy documents (`/policies/feed/`)."""

from django.contrib.syndication.views import Feed

from policies.selectors import live_documents


class LatestPoliciesFeed(Feed):
    title = "最新政策文件"
    link = "/xxgk/fdzdgknr/policies/"
    description = "税务部门最新发布的政策文件"

    def items(self):
        return live_documents().order_by("-first_published_at")[:30]

    def item_title(self, item) -> str:
        return f"{item.title}（{item.doc_number}）" if item.doc_number else item.title

    def item_description(self, item) -> str:
        return item.summary or item.search_description or ""

    def item_link(self, item) -> str:
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at
