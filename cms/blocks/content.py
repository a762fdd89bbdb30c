"""Named StreamField blocks shared by every page body, so migrations stay stable."""

from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link", "hr"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label="标题文字", max_length=200)
    level = blocks.ChoiceBlock(
        label="级别",
        choices=[("h2", "二级标题"), ("h3", "三级标题"), ("h4", "四级标题")],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "cms/blocks/heading_block.html"
        label = "标题"


class ArticleBlock(blocks.StructBlock):
    """A numbered article (条) so each one gets an anchor and can be cited or commented on."""

    number = blocks.CharBlock(label="条号", max_length=30, help_text="例如：第一条")
    text = blocks.RichTextBlock(label="条文", features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "list-ol"
        template = "cms/blocks/article_block.html"
        label = "条款"


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="图片")
    caption = blocks.CharBlock(label="图注", required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "cms/blocks/image_block.html"
        label = "图片"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label="附件")
    title = blocks.CharBlock(label="显示名称", required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/document_block.html"
        label = "附件链接"


class NoteBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(label="内容", features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "cms/blocks/note_block.html"
        label = "提示"


class PortalTableBlock(TableBlock):
    class Meta:
        icon = "table"
        template = "cms/blocks/table_block.html"
        label = "表格"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label="段落", icon="pilcrow", features=RICH_TEXT_FEATURES)
    article = ArticleBlock()
    table = PortalTableBlock()
    image = ImageWithCaptionBlock()
    document = DocumentLinkBlock()
    note = NoteBlock()
