"""Comment export (XLSX/CSV) through django-import-export, grouped by article.

Contacts are personal data: they are a separate resource, used only for staff holding
``consultation.view_comment_contact``.
"""

import tablib
from import_export import fields, resources
from import_export.formats.base_formats import CSV, XLSX

from consultation import rules
from consultation.models import Comment, ConsultationPage
from consultation.selectors import comments_grouped_by_article, draft_articles
from portal.spreadsheets.widgets import safe_cell

EXPORT_FORMATS = {"xlsx": XLSX, "csv": CSV}
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class CommentResource(resources.ModelResource):
    article = fields.Field(column_name="条款")
    chapter = fields.Field(column_name="所在章")
    receipt_number = fields.Field(attribute="receipt_number", column_name="回执编号")
    submitted_at = fields.Field(column_name="提交时间")
    name = fields.Field(attribute="name", column_name="姓名或名称")
    kind = fields.Field(column_name="意见人类别")
    text = fields.Field(attribute="text", column_name="意见内容")
    has_attachment = fields.Field(column_name="附件")
    moderation = fields.Field(column_name="审核状态")
    disposition = fields.Field(column_name="采纳情况")
    disposition_reason = fields.Field(attribute="disposition_reason", column_name="理由")

    class Meta:
        model = Comment
        fields = (
            "article",
            "chapter",
            "receipt_number",
            "submitted_at",
            "name",
            "kind",
            "text",
            "has_attachment",
            "moderation",
            "disposition",
            "disposition_reason",
        )
        export_order = fields

    def __init__(self, *, consultation: ConsultationPage, **kwargs):
        super().__init__(**kwargs)
        self.chapters = {a.key: a.chapter for a in draft_articles(consultation)}
        self.publishes_comments = consultation.publish_comments

    def dehydrate_article(self, comment: Comment) -> str:
        return comment.target_label

    def dehydrate_chapter(self, comment: Comment) -> str:
        return self.chapters.get(comment.article_key, "")

    def dehydrate_submitted_at(self, comment: Comment) -> str:
        return f"{rules.local(comment.submitted_at):%Y-%m-%d %H:%M:%S}"

    def dehydrate_kind(self, comment: Comment) -> str:
        return comment.get_kind_display()

    def dehydrate_has_attachment(self, comment: Comment) -> str:
        return comment.attachment_name if comment.attachment else ""

    def dehydrate_moderation(self, comment: Comment) -> str:
        if not self.publishes_comments:
            return "不公开"
        return comment.get_moderation_status_display()

    def dehydrate_disposition(self, comment: Comment) -> str:
        return comment.get_disposition_display() or "未处理"


class CommentWithContactResource(CommentResource):
    contact = fields.Field(attribute="contact", column_name="联系方式")

    class Meta(CommentResource.Meta):
        fields = (*CommentResource.Meta.fields[:5], "contact", *CommentResource.Meta.fields[5:])
        export_order = fields


def comments_export(*, consultation: ConsultationPage, fmt: str, include_contact: bool) -> bytes:
    """The consultation's comments as an XLSX or CSV file, whole-draft comments first, then
    article by article in draft order."""
    resource_class = CommentWithContactResource if include_contact else CommentResource
    exported = resource_class(consultation=consultation).export(
        comments_grouped_by_article(consultation)
    )
    dataset = tablib.Dataset(headers=exported.headers, title="意见")
    for row in exported:
        dataset.append([safe_cell(cell) for cell in row])
    data = EXPORT_FORMATS[fmt]().export_data(dataset)
    if isinstance(data, str):
        # A BOM lets Excel open Chinese CSV files correctly.
        return ("\ufeff" + data).encode("utf-8")
    return data
