"""征求意见: the consultation page (thin), comments and the feedback.

Rules live in ``rules.py`` (window, status) and ``services.py`` (writes); this module only holds
fields and the small lookups templates need. E-mails about comments go through the portal's one
mail queue (``portal.mail``); the 负责部门 is a unit of 机构职能 (``lists.Unit``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.models.base import ColumnIndexPage, paginate
from cms.review import ReviewedPage
from consultation import rules
from consultation.blocks import DraftStreamBlock
from consultation.storage import private_storage
from lists.organisations import unit_choices
from portal.crypto import EncryptedTextField

MAIL_TOPIC = "consultation"  # the topic of this app's messages in the portal's mail queue
COMMENTER_KINDS = [
    ("individual", "个人"),
    ("enterprise", "企业"),
    ("social_org", "社会组织"),
    ("other", "其他"),
]
MODERATION_CHOICES = [
    ("pending", "待审核"),
    ("approved", "已公开"),
    ("rejected", "不予公开"),
]
DISPOSITION_CHOICES = [
    ("adopted", "采纳"),
    ("partially_adopted", "部分采纳"),
    ("not_adopted", "未采纳"),
]


class ConsultationIndexPage(ColumnIndexPage):
    """征求意见 column: open consultations first, then closed, filterable by year and status."""

    parent_page_types = ["cms.DisclosureIndexPage"]
    subpage_types: list[str] = ["consultation.ConsultationPage"]
    max_count = 1
    template = "consultation/consultation_index_page.html"

    class Meta:
        verbose_name = "征求意见栏目"

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from consultation.rules import STATUS_CHOICES
        from consultation.selectors import consultation_list, listing_years

        context = Page.get_context(self, request, *args, **kwargs)
        items, filters, errors = consultation_list(request.GET, parent=self)
        context["items"] = paginate(items, request)
        context["filters"] = filters
        context["filter_errors"] = errors
        context["filter_years"] = listing_years()
        context["filter_statuses"] = STATUS_CHOICES
        query = request.GET.copy()
        query.pop("page", None)
        context["extra_query"] = query.urlencode()
        return context


class ConsultationPageForm(WagtailAdminPageForm):
    """The editor's form: the 负责部门 must be one of the units `lists.organisations` offers
    (Wagtail shows its chooser for 机构职能)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        field.queryset = unit_choices()
        field.error_messages["invalid_choice"] = "所选部门不存在，请从机构职能中选择。"


class ConsultationPage(ReviewedPage, Page):
    """One draft open for public comment, with its 起草说明 and its window."""

    explanation = RichTextField(
        "起草说明", features=["bold", "italic", "ol", "ul", "link", "document-link"]
    )
    draft = StreamField(
        DraftStreamBlock(),
        verbose_name="征求意见稿正文",
        help_text="按“章”“条”录入，每一条可单独接收意见。",
    )
    # Required to publish; a draft may be saved before the department is chosen.
    department = models.ForeignKey(
        "lists.Unit",
        verbose_name="负责部门",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="从“机构职能”中选择；页面显示该部门的名称和联系方式。",
    )
    contact = models.CharField(
        "联系方式", max_length=300, help_text="电话、电子邮箱或通信地址，将在页面公开。"
    )
    notify_email = models.EmailField(
        "新意见提醒邮箱", blank=True, help_text="收到意见时发送提醒；不公开。"
    )
    opens_at = models.DateTimeField("开始时间", help_text="北京时间，含该时刻。")
    closes_at = models.DateTimeField(
        "截止时间",
        help_text="北京时间，到该时刻即停止接收。征求意见期限一般不少于 30 日。",
    )
    short_period_reason = models.TextField(
        "期限少于 30 日的理由", blank=True, help_text="期限不足 30 日时必填，并向社会公开。"
    )
    name_required = models.BooleanField("要求填写姓名或名称", default=True)
    publish_comments = models.BooleanField(
        "公开意见内容",
        default=False,
        help_text="勾选后，意见经审核通过方在页面公开；联系方式始终不公开。",
    )

    parent_page_types = ["consultation.ConsultationIndexPage"]
    subpage_types: list[str] = []
    template = "consultation/consultation_page.html"
    base_form_class = ConsultationPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("explanation"),
        FieldPanel("draft"),
        InlinePanel("attachments", label="附件"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldPanel("short_period_reason"),
                FieldRowPanel([FieldPanel("department"), FieldPanel("contact")]),
                FieldPanel("notify_email"),
                FieldRowPanel([FieldPanel("name_required"), FieldPanel("publish_comments")]),
            ],
            heading="征求意见设置",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("explanation"),
        index.SearchField("draft"),
        index.FilterField("opens_at"),
        index.FilterField("closes_at"),
    ]

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"

    def live_from(self, now=None):
        """When the page goes (or went) live: its first publication, else the scheduled go-live
        time or now, whichever is later (a draft can go live no earlier than now)."""
        if self.first_published_at is not None:
            return self.first_published_at
        now = now or timezone.now()
        return max(now, self.go_live_at) if self.go_live_at else now

    def clean(self) -> None:
        """The 30-day rule measured from publication. Runs on every save of a revision and at
        publication itself (Wagtail saves the page with validation when publishing), so neither
        the editor, a workflow approval nor a scheduled publication can skip it. Once live,
        comments open no earlier than the first publication: ``opens_at`` moves up to it."""
        super().clean()
        live_from = self.live_from()
        errors = rules.period_errors(
            opens_at=self.opens_at,
            closes_at=self.closes_at,
            short_period_reason=self.short_period_reason,
            live_from=live_from,
        )
        if errors:
            raise ValidationError(errors)
        if self.live and self.opens_at and self.opens_at < live_from:
            self.opens_at = live_from

    # Small read-only helpers for templates; the logic is in rules/selectors.
    def status(self, now=None) -> str:
        return rules.consultation_status(
            opens_at=self.opens_at,
            closes_at=self.closes_at,
            feedback_published=self.feedback_is_published,
            now=now or timezone.now(),
        )

    @property
    def status_label(self) -> str:
        return rules.STATUS_LABELS[self.status()]

    @property
    def feedback_is_published(self) -> bool:
        feedback = getattr(self, "feedback", None) if self.pk else None
        return bool(feedback and feedback.published_at)

    @property
    def is_short_period(self) -> bool:
        return rules.is_short_period(self.opens_at, self.closes_at)

    def get_context(self, request, *args, **kwargs) -> dict:
        from consultation.selectors import consultation_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(consultation_page_context(self))
        return context


class ConsultationAttachment(Orderable):
    page = ParentalKey(ConsultationPage, related_name="attachments", on_delete=models.CASCADE)
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name="文件",
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("显示名称", max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = "附件"


class Comment(models.Model):
    """One public comment; stored before anything else happens, so it is never lost."""

    consultation = models.ForeignKey(
        ConsultationPage,
        verbose_name="征求意见",
        on_delete=models.PROTECT,
        related_name="comments",
    )
    receipt_number = models.CharField("回执编号", max_length=32, unique=True, null=True)
    article_key = models.CharField(
        "条款标识", max_length=64, blank=True, help_text="空表示对征求意见稿整体提出的意见。"
    )
    article_label = models.CharField("条款", max_length=100, blank=True)
    name = models.CharField("姓名或名称", max_length=100, blank=True)
    kind = models.CharField("意见人类别", max_length=20, choices=COMMENTER_KINDS)
    # Personal information (PIPL): encrypted at rest with the portal's PII keys, shown only to
    # staff holding view_comment_contact, never published.
    contact = EncryptedTextField("联系方式")
    text = models.TextField("意见内容")
    attachment = models.FileField(
        "附件", upload_to="comments/%Y/%m/", storage=private_storage, blank=True, max_length=200
    )
    attachment_name = models.CharField("附件原文件名", max_length=200, blank=True)
    privacy_accepted_at = models.DateTimeField("同意个人信息告知时间")
    submitted_at = models.DateTimeField("提交时间", db_index=True)

    moderation_status = models.CharField(
        "审核状态", max_length=20, choices=MODERATION_CHOICES, default="pending"
    )
    moderation_reason = models.CharField("不予公开理由", max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)

    disposition = models.CharField(
        "采纳情况", max_length=20, choices=DISPOSITION_CHOICES, blank=True
    )
    disposition_reason = models.TextField("理由", blank=True)
    disposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    disposed_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "意见"
        verbose_name_plural = "意见"
        ordering = ["submitted_at", "pk"]
        permissions = [
            ("view_comment_contact", "可查看和导出意见人联系方式"),
            ("moderate_comment", "可审核和处理意见"),
        ]
        indexes = [models.Index(fields=["consultation", "article_key"])]

    def __str__(self) -> str:
        return self.receipt_number or f"意见 {self.pk}"

    @property
    def target_label(self) -> str:
        return self.article_label or "整体意见"


class ConsultationFeedback(models.Model):
    """意见采纳情况: published once after closing, with figures frozen from the dispositions."""

    consultation = models.OneToOneField(
        ConsultationPage, on_delete=models.CASCADE, related_name="feedback"
    )
    summary = models.TextField("采纳情况说明")
    main_opinions = models.TextField(
        "主要意见及未采纳理由", help_text="对集中反映的主要意见，说明未予采纳的理由。"
    )
    comment_count = models.PositiveIntegerField("意见条数", default=0)
    commenter_count = models.PositiveIntegerField("意见人数", default=0)
    adopted_count = models.PositiveIntegerField("采纳", default=0)
    partially_adopted_count = models.PositiveIntegerField("部分采纳", default=0)
    not_adopted_count = models.PositiveIntegerField("未采纳", default=0)
    final_document = models.ForeignKey(
        "policies.PolicyDocumentPage",
        verbose_name="正式文件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "意见采纳情况"
        verbose_name_plural = "意见采纳情况"
