"""Policy library: 政策文件 and 政策解读 pages, issuing authorities, validity history, citations."""

from datetime import date
from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from cms.blocks import BaseStreamBlock
from cms.models.base import ColumnIndexPage, paginate
from cms.review import ReviewedPage
from policies.doc_numbers import DocNumberError, normalize_doc_number
from policies.taxonomy import DEFAULT_TOPIC, TOPIC_CHOICES

LEVEL_CHOICES = [
    ("rule", "部门规章"),
    ("normative", "行政规范性文件"),
    ("other", "其他文件"),
]
VALIDITY_CHOICES = [
    ("valid", "全文有效"),
    ("partially_invalid", "部分失效"),
    ("invalid", "全文失效"),
    ("repealed", "全文废止"),
    ("amended", "已修改"),
    ("not_yet_effective", "尚未生效"),
]
DEAD_VALIDITIES = {"invalid", "repealed"}
INTERPRETATION_KINDS = [
    ("text", "文字解读"),
    ("graphic", "图文解读"),
    ("qa", "问答"),
    ("video", "视频"),
]


class ShownDate(NamedTuple):
    """The date a listing shows for a document, and which date it is (发布日期 or 成文日期)."""

    label: str
    on: date


@register_snippet
class IssuingAuthority(models.Model):
    """发文机关; one document may have several (联合发文)."""

    name = models.CharField("机关名称", max_length=100, unique=True)
    code = models.CharField(
        "机关代码", max_length=30, blank=True, help_text="用于生成索引号，例如 11100000000013239N"
    )

    panels = [FieldPanel("name"), FieldPanel("code")]

    class Meta:
        verbose_name = "发文机关"
        verbose_name_plural = "发文机关"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PolicyDocumentForm(WagtailAdminPageForm):
    """Editor-side rules: a valid, unique 发文字号, 三同步 before publishing, and the 索引号."""

    def clean(self):
        cleaned = super().clean()
        from policies.services.documents import (
            doc_number_conflict,
            missing_interpretation_message,
            validity_change_problems,
        )

        raw = (cleaned.get("doc_number") or "").strip()
        if raw:
            try:
                cleaned["doc_number"] = normalize_doc_number(raw)
            except DocNumberError as error:
                self.add_error("doc_number", str(error))
            else:
                conflict = doc_number_conflict(cleaned["doc_number"], exclude_pk=self.instance.pk)
                if conflict:
                    self.add_error(
                        "doc_number",
                        f"发文字号 {cleaned['doc_number']} 已被《{conflict.title}》使用。",
                    )
        for field, message in validity_change_problems(
            document=self.instance,
            validity=cleaned.get("validity"),
            since=cleaned.get("validity_since"),
            basis=cleaned.get("validity_basis"),
            note=cleaned.get("validity_note") or "",
        ).items():
            self.add_error(field, message)
        publishing = "action-publish" in self.data or "action-submit" in self.data
        if publishing and cleaned.get("needs_interpretation"):
            message = missing_interpretation_message(self.instance)
            if message:
                self.add_error("needs_interpretation", message)
        return cleaned

    def save(self, commit=True):
        """A document created in the editor gets its 索引号 before its first save, so its first
        revision holds it too. (Wagtail's page views save with commit=False.)"""
        from policies.services.documents import policy_document_assign_index_number

        page = super().save(commit=False)
        policy_document_assign_index_number(document=page)
        if commit:
            page.save()
            self.save_m2m()
        return page


class PolicyIndexPage(ColumnIndexPage):
    parent_page_types = ["cms.StatutoryContentIndexPage"]
    subpage_types = ["policies.PolicyDocumentPage"]
    max_count = 1
    template = "policies/policy_index_page.html"

    class Meta:
        verbose_name = "政策文件栏目"

    def get_context(self, request, *args, **kwargs) -> dict:
        from policies.selectors import policy_filter_options, policy_list

        context = Page.get_context(self, request, *args, **kwargs)
        found = policy_list(request.GET)
        context["items"] = paginate(found.queryset, request)
        context["filters"] = found.filters
        context["filter_errors"] = found.errors
        context["filter_options"] = policy_filter_options()
        query = request.GET.copy()
        query.pop("page", None)
        context["extra_query"] = query.urlencode()
        return context


class PolicyDocumentPage(ReviewedPage, Page):
    doc_number = models.CharField(
        "发文字号",
        max_length=60,
        blank=True,
        db_index=True,
        help_text="例如：税总发〔2014〕59号；保存时自动规范为标准写法。",
    )
    authorities = ParentalManyToManyField(IssuingAuthority, verbose_name="发文机关", blank=True)
    written_date = models.DateField("成文日期", null=True, blank=True)
    publish_date = models.DateField("发布日期", null=True, blank=True, db_index=True)
    effective_date = models.DateField("施行日期", null=True, blank=True)
    level = models.CharField("文种/层级", max_length=20, choices=LEVEL_CHOICES, default="other")
    validity = models.CharField("有效性", max_length=20, choices=VALIDITY_CHOICES, default="valid")
    validity_since = models.DateField(
        "有效性变更日期",
        null=True,
        blank=True,
        help_text="改变有效性时必填：自哪一天起为当前有效性。",
    )
    validity_basis = models.ForeignKey(
        "policies.PolicyDocumentPage",
        verbose_name="变更依据文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="导致有效性变化的文件，例如公布废止文件目录的公告。",
    )
    validity_note = models.CharField(
        "有效性说明",
        max_length=300,
        blank=True,
        help_text="变更原因；没有依据文件时必填，例如：被……废止。",
    )
    topic = models.CharField(
        "主题分类",
        max_length=40,
        choices=TOPIC_CHOICES,
        default=DEFAULT_TOPIC,
        help_text="国务院政策文件库的主题分类；税收文件一般归入“财政、金融、审计\\税务”。",
    )
    tax_types = ClusterTaggableManager(
        "税种",
        through="policies.PolicyTaxTag",
        blank=True,
        help_text="输入税种后按回车，例如：增值税、个人所得税。",
    )
    index_number = models.CharField(
        "索引号", max_length=60, blank=True, unique=False, editable=False
    )
    needs_interpretation = models.BooleanField(
        "需要解读", default=False, help_text="勾选后，须有已审定的解读才能发布（三同步）。"
    )
    summary = models.TextField("内容概述", blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name="正文", blank=True)

    base_form_class = PolicyDocumentForm
    parent_page_types = ["policies.PolicyIndexPage"]
    subpage_types: list[str] = []
    template = "policies/policy_document_page.html"
    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("doc_number"),
                FieldPanel("authorities", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel(
                    [
                        FieldPanel("written_date"),
                        FieldPanel("publish_date"),
                        FieldPanel("effective_date"),
                    ]
                ),
                FieldRowPanel([FieldPanel("level"), FieldPanel("topic")]),
                FieldPanel("tax_types"),
                FieldRowPanel([FieldPanel("validity"), FieldPanel("validity_since")]),
                FieldRowPanel([FieldPanel("validity_basis"), FieldPanel("validity_note")]),
                FieldPanel("needs_interpretation"),
            ],
            heading="元数据",
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label="附件"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("doc_number"),
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = "政策文件"
        verbose_name_plural = "政策文件"

    def clean(self):
        super().clean()
        if self.doc_number:
            try:
                self.doc_number = normalize_doc_number(self.doc_number)
            except DocNumberError as error:
                raise ValidationError({"doc_number": str(error)}) from error

    def get_context(self, request, *args, **kwargs) -> dict:
        from policies.selectors import document_detail_context

        context = super().get_context(request, *args, **kwargs)
        context.update(document_detail_context(self))
        return context

    def publish(self, revision, *args, **kwargs):
        """三同步: refuse without a ready interpretation; publish it in the same transaction."""
        from django.db import transaction

        from policies.services.documents import check_publishable, publish_companion_interpretations

        with transaction.atomic():
            check_publishable(revision.as_object())
            result = super().publish(revision, *args, **kwargs)
            publish_companion_interpretations(self, user=kwargs.get("user"))
        return result

    @property
    def is_dead(self) -> bool:
        return self.validity in DEAD_VALIDITIES

    @property
    def own_date(self) -> date | None:
        """The document's own date: 发布日期, else 成文日期; None when it gives neither. Never the
        day it was entered here (an import on 2026-11-30 does not make a 2014 document new)."""
        return self.publish_date or self.written_date

    def shown_date(self) -> ShownDate | None:
        if self.publish_date:
            return ShownDate("发布日期", self.publish_date)
        if self.written_date:
            return ShownDate("成文日期", self.written_date)
        return None


class PolicyTaxTag(TaggedItemBase):
    """税种 as tags (增值税, 个人所得税 …), shared across documents."""

    content_object = ParentalKey(
        PolicyDocumentPage, related_name="tax_tag_items", on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = "税种标签"


class PolicyAttachment(Orderable):
    page = ParentalKey(PolicyDocumentPage, related_name="attachments", on_delete=models.CASCADE)
    document = models.ForeignKey(
        "cms.PortalDocument", verbose_name="附件", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField("显示名称", max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]


class ValidityChange(models.Model):
    """One change of 有效性, naming the later document that caused it."""

    document = models.ForeignKey(
        PolicyDocumentPage, related_name="validity_changes", on_delete=models.CASCADE
    )
    # None only for the first entry of a document that gives no date of its own (日期不详).
    changed_on = models.DateField("变更日期", null=True, blank=True)
    validity = models.CharField("有效性", max_length=20, choices=VALIDITY_CHOICES)
    note = models.CharField("说明", max_length=300, blank=True)
    caused_by = models.ForeignKey(
        PolicyDocumentPage,
        verbose_name="依据文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="caused_validity_changes",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "有效性变更"
        verbose_name_plural = "有效性变更"
        # By date, then in the order recorded: two changes on one day keep their sequence.
        ordering = [F("changed_on").asc(nulls_first=True), "pk"]


class Citation(models.Model):
    """A 发文字号 mentioned in a page's body; resolved to a document when one carries the number,
    so a document added later links without re-editing the citing page."""

    citing = models.ForeignKey(Page, related_name="citations", on_delete=models.CASCADE)
    cited_number = models.CharField("被引用文号", max_length=60, db_index=True)

    class Meta:
        unique_together = [("citing", "cited_number")]
        verbose_name = "引用"


class InterpretationIndexPage(ColumnIndexPage):
    parent_page_types = ["cms.StatutoryContentIndexPage"]
    subpage_types = ["policies.InterpretationPage"]
    max_count = 1
    template = "cms/column_index_page.html"

    class Meta:
        verbose_name = "政策解读栏目"


class InterpretationPage(ReviewedPage, Page):
    kind = models.CharField("解读形式", max_length=20, choices=INTERPRETATION_KINDS, default="text")
    documents = ParentalManyToManyField(
        PolicyDocumentPage, verbose_name="解读的文件", related_name="interpretations", blank=True
    )
    approved_for_release = models.BooleanField(
        "解读已审定",
        default=False,
        help_text="已审定的解读会在所解读文件发布时同步发布（三同步）。",
    )
    publish_date = models.DateField("发布日期", null=True, blank=True)
    summary = models.TextField("内容概述", blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name="正文", blank=True)
    video_url = models.URLField("视频地址", blank=True)

    parent_page_types = ["policies.InterpretationIndexPage"]
    subpage_types: list[str] = []
    template = "policies/interpretation_page.html"
    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("publish_date")]),
        FieldPanel("documents", widget=forms.SelectMultiple),
        FieldPanel("approved_for_release"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("video_url"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("body")]

    class Meta:
        verbose_name = "政策解读"
        verbose_name_plural = "政策解读"

    def shown_date(self) -> ShownDate | None:
        """Its own 发布日期; else, as it goes out with its document (三同步), the document's."""
        if self.publish_date:
            return ShownDate("发布日期", self.publish_date)
        dated = [d.shown_date() for d in self.documents.order_by("pk") if d.own_date]
        return ShownDate(f"原文{dated[0].label}", dated[0].on) if dated else None

    def get_context(self, request, *args, **kwargs) -> dict:
        from policies.selectors import citation_context

        context = super().get_context(request, *args, **kwargs)
        context["original_documents"] = self.documents.all()
        context.update(citation_context(self))
        return context


__all__ = [
    "Citation",
    "InterpretationIndexPage",
    "InterpretationPage",
    "IssuingAuthority",
    "PolicyAttachment",
    "PolicyDocumentPage",
    "PolicyIndexPage",
    "PolicyTaxTag",
    "ShownDate",
    "ValidityChange",
]
