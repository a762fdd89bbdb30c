"""The draft's structure: chapters (章) and articles (条), so each article can be commented on.

Every article keeps its StreamField block id, which is stable across revisions; comments point to
that id, and the page gives each article a readable anchor (``#article-3``).
"""

from wagtail import blocks

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class ChapterBlock(blocks.StructBlock):
    number = blocks.CharBlock(label="章号", max_length=30, required=False, help_text="例如：第一章")
    title = blocks.CharBlock(label="章名", max_length=200, help_text="例如：总则")

    class Meta:
        icon = "title"
        template = "consultation/blocks/chapter_block.html"
        label = "章"


class DraftArticleBlock(blocks.StructBlock):
    number = blocks.CharBlock(label="条号", max_length=30, help_text="例如：第一条")
    text = blocks.RichTextBlock(label="条文", features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "list-ol"
        template = "consultation/blocks/article_block.html"
        label = "条"


class DraftStreamBlock(blocks.StreamBlock):
    chapter = ChapterBlock()
    article = DraftArticleBlock()
    paragraph = blocks.RichTextBlock(label="段落", icon="pilcrow", features=RICH_TEXT_FEATURES)
