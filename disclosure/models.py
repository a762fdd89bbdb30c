"""Records of 依申请公开: requests, their handling events, assignments, fees, the working-day
calendar overrides, notice templates and the audit log.

Models stay thin: which action is allowed when lives in `transitions.py`, statutory numbers in
`rules.py`, the writes in `services.py` and deadline arithmetic in `deadlines.py`. Mail goes
through the portal's one queue (`portal.mail`); 承办部门 are units of 机构职能 (`lists.Unit`).
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock
from cms.models.base import ColumnIndexPage
from disclosure import rules, taxonomy
from disclosure.fees import fee_rules_summary
from disclosure.storage import private_storage
from disclosure.taxonomy import APPLICANT_KINDS, OUTCOME_CHOICES
from portal.crypto import EncryptedTextField

GUIDE_TEXT_FEATURES = ["bold", "link", "ol", "ul"]


def cn_date(value) -> str:
    """A date as letters and pages write it: 2026年11月30日 (empty for None)."""
    return f"{value.year}年{value.month}月{value.day}日" if value else ""


class Channel(models.TextChoices):
    ONLINE = "online", "在线申请"
    IN_PERSON = "in_person", "当面提交"
    REGISTERED_POST = "registered_post", "挂号邮寄"
    LETTER = "letter", "平信邮寄"
    FAX = "fax", "传真"
    OTHER_ONLINE = "other_online", "电子邮件等其他在线方式"


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", "居民身份证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    PASSPORT = "passport", "护照"
    HK_MACAO_PERMIT = "hk_macao_permit", "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "taiwan_permit", "台湾居民来往大陆通行证"
    FOREIGNER_PERMIT = "foreigner_permit", "外国人永久居留身份证"


class InfoForm(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子"


class Delivery(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "自行领取"
    ONLINE = "online", "在线查看"


class Status(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "待确认"
    PROCESSING = "processing", "办理中"
    CORRECTION = "correction", "待补正"
    CONSULTING = "consulting", "征求意见中"
    FEE_PENDING = "fee_pending", "待缴费"
    REPLIED = "replied", "已答复"
    ARCHIVED = "archived", "已办结归档"
    WITHDRAWN = "withdrawn", "已撤回"


OPEN_STATUSES = [
    Status.UNCONFIRMED,
    Status.PROCESSING,
    Status.CORRECTION,
    Status.CONSULTING,
    Status.FEE_PENDING,
]


class DisclosureRequest(models.Model):
    """One application for government information and its current, derived state."""

    number = models.CharField("申请编号", max_length=20, unique=True)
    channel = models.CharField("申请渠道", max_length=20, choices=Channel.choices)
    submission_token = models.UUIDField("提交令牌", unique=True, null=True, blank=True)
    tracking_code_hash = models.CharField("查询码摘要", max_length=128, blank=True)

    applicant_kind = models.CharField("申请人类型", max_length=20, choices=APPLICANT_KINDS)
    applicant_name = models.CharField("申请人姓名或名称", max_length=200)
    contact_person = models.CharField("联系人", max_length=100, blank=True)
    id_type = models.CharField("证件类型", max_length=20, choices=IdType.choices)
    id_number = EncryptedTextField("证件号码", blank=True)
    phone = EncryptedTextField("联系电话", blank=True)
    email = EncryptedTextField("电子邮箱", blank=True)
    address = EncryptedTextField("通信地址", blank=True)
    postal_code = models.CharField("邮政编码", max_length=6, blank=True)

    description = models.TextField("所需信息描述")
    doc_number = models.CharField("发文字号", max_length=100, blank=True)
    info_form = models.CharField("信息载体形式", max_length=20, choices=InfoForm.choices)
    delivery = models.CharField("获取方式", max_length=20, choices=Delivery.choices)
    attachment = models.FileField(
        "申请附件", upload_to="requests/%Y/", storage=private_storage, blank=True, max_length=255
    )
    attachment_name = models.CharField("申请附件原文件名", max_length=200, blank=True)
    consent_at = models.DateTimeField("同意个人信息告知时间", null=True, blank=True)

    received_on = models.DateField("收到申请日期")
    receipt_basis = models.CharField("收到日期依据", max_length=200, blank=True)
    status = models.CharField(
        "状态", max_length=20, choices=Status.choices, default=Status.PROCESSING, db_index=True
    )
    reply_due_on = models.DateField("答复期限", null=True, blank=True, db_index=True)
    reply_due_provisional = models.BooleanField("期限暂定", default=False)
    step_due_on = models.DateField("当前环节期限", null=True, blank=True)
    step_label = models.CharField("当前环节", max_length=100, blank=True)
    deadline_explanation = models.JSONField("期限计算过程", default=dict, blank=True)
    extended_days = models.PositiveSmallIntegerField("延长工作日数", default=0)

    outcome = models.CharField("办理结果", max_length=20, choices=OUTCOME_CHOICES, blank=True)
    reply_text = models.TextField("答复内容", blank=True)
    closed_on = models.DateField("答复（办结）日期", null=True, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)

    first_responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="首问责任人",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="经办人",
    )
    pii_purged_at = models.DateTimeField("个人信息清除时间", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-pk"]
        permissions = [
            ("handle_disclosurerequest", "办理依申请公开（政府信息公开办公室）"),
            ("view_assigned_disclosurerequest", "查看转办给本部门的申请（承办部门）"),
            ("reveal_pii_disclosurerequest", "查看申请人完整个人信息"),
            ("approve_extension_disclosurerequest", "批准延长答复期限（机构负责人）"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class EventKind(models.TextChoices):
    REGISTER = "register", "登记"
    CONFIRM_RECEIPT = "confirm_receipt", "确认收到申请"
    CORRECTION_NOTICE = "correction_notice", "补正告知"
    CORRECTION_RECEIVED = "correction_received", "收到补正"
    CORRECTION_LAPSED = "correction_lapsed", "逾期不补正"
    CONSULT_START = "consult_start", "征求意见"
    CONSULT_END = "consult_end", "征求意见结束"
    EXTEND = "extend", "延期"
    ASSIGN = "assign", "转办"
    FEEDBACK = "feedback", "承办反馈"
    FEE_NOTICE = "fee_notice", "收费通知"
    FEE_PAID = "fee_paid", "缴费"
    FEE_LAPSED = "fee_lapsed", "逾期未缴费"
    REPLY = "reply", "答复"
    ARCHIVE = "archive", "办结归档"
    WITHDRAW = "withdraw", "撤回"
    NOTE = "note", "备注"


class RequestEvent(models.Model):
    """One recorded step of the state machine; the request's state is derived from these."""

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.CASCADE, related_name="events", verbose_name="申请"
    )
    kind = models.CharField("环节", max_length=30, choices=EventKind.choices)
    occurred_on = models.DateField("发生日期")
    due_on = models.DateField("本环节期限", null=True, blank=True)
    days = models.PositiveSmallIntegerField("工作日数", null=True, blank=True)
    public = models.BooleanField("申请人可见", default=True)
    note = models.TextField("说明", blank=True)
    data = models.JSONField("附加数据", default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="经办人",
    )
    actor_name = models.CharField("经办人姓名", max_length=150, blank=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["occurred_on", "pk"]

    def __str__(self) -> str:
        return f"{self.request.number} {self.get_kind_display()} {self.occurred_on}"


class ReplyAttachment(models.Model):
    """A file sent with a reply (the information disclosed), downloadable from tracking."""

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.CASCADE, related_name="reply_attachments"
    )
    event = models.ForeignKey(RequestEvent, null=True, blank=True, on_delete=models.SET_NULL)
    file = models.FileField(
        "附件", upload_to="replies/%Y/", storage=private_storage, max_length=255
    )
    title = models.CharField("名称", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "答复附件"
        verbose_name_plural = "答复附件"


class CorrectionAttachment(models.Model):
    """A file the applicant sent online with a 补正 (same upload rules as the application)."""

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.CASCADE, related_name="correction_attachments"
    )
    event = models.ForeignKey(RequestEvent, null=True, blank=True, on_delete=models.SET_NULL)
    file = models.FileField(
        "附件", upload_to="corrections/%Y/", storage=private_storage, max_length=255
    )
    title = models.CharField("名称", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "补正材料"
        verbose_name_plural = "补正材料"
        ordering = ["pk"]


class Assignment(models.Model):
    """A transfer (转办) to a 承办部门 and its feedback (反馈), with who and when."""

    request = models.ForeignKey(
        DisclosureRequest, on_delete=models.CASCADE, related_name="assignments"
    )
    department = models.ForeignKey(
        "lists.Unit",
        on_delete=models.PROTECT,
        related_name="disclosure_assignments",
        verbose_name="承办部门",
    )
    instructions = models.TextField("转办要求", blank=True)
    assigned_on = models.DateField("转办日期")
    due_on = models.DateField("反馈期限", null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="转办人",
    )
    feedback = models.TextField("反馈意见", blank=True)
    feedback_on = models.DateField("反馈日期", null=True, blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="反馈人",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "转办"
        verbose_name_plural = "转办"
        ordering = ["assigned_on", "pk"]


class FeeMethod(models.TextChoices):
    PER_REQUEST = "per_request", "按件计收"
    PER_VOLUME = "per_volume", "按量计收"


class Fee(models.Model):
    """信息处理费 per 国办函〔2020〕109号: the notice pauses the clock until paid or lapsed."""

    request = models.OneToOneField(DisclosureRequest, on_delete=models.CASCADE, related_name="fee")
    method = models.CharField("计收方式", max_length=20, choices=FeeMethod.choices)
    quantity = models.PositiveIntegerField("件数或页数")
    amount = models.DecimalField("应缴金额（元）", max_digits=10, decimal_places=2)
    calculation = models.TextField("计算过程", blank=True)
    notice_on = models.DateField("收费通知日期")
    pay_by = models.DateField("缴费期限")
    paid_on = models.DateField("缴费日期", null=True, blank=True)
    paid_amount = models.DecimalField(
        "实缴金额（元）", max_digits=10, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = "信息处理费"
        verbose_name_plural = "信息处理费"


class NoticeKind(models.TextChoices):
    RECEIPT = "receipt", "登记回执"
    CORRECTION = "correction", "补正告知书"
    EXTENSION = "extension", "延期告知书"
    CONSULTATION = "consultation", "征求意见书"
    FEE = "fee", "收费通知书"
    REPLY_DISCLOSE = taxonomy.NOTICE_REPLY_DISCLOSE, "答复告知书（予以公开）"
    REPLY_PARTIAL = taxonomy.NOTICE_REPLY_PARTIAL, "答复告知书（部分公开）"
    REPLY_REFUSE = taxonomy.NOTICE_REPLY_REFUSE, "答复告知书（不予公开）"
    REPLY_UNABLE = taxonomy.NOTICE_REPLY_UNABLE, "答复告知书（无法提供）"
    REPLY_NOT_PROCESSED = taxonomy.NOTICE_REPLY_NOT_PROCESSED, "答复告知书（不予处理）"
    REPLY_OTHER = taxonomy.NOTICE_REPLY_OTHER, "答复告知书（其他处理）"


class NoticeTemplate(models.Model):
    """Editable wording of a notice; rendered with Django template syntax to PDF and DOCX."""

    kind = models.CharField("文书类型", max_length=30, choices=NoticeKind.choices, unique=True)
    title = models.CharField("标题", max_length=100)
    body = models.TextField(
        "正文模板",
        help_text="可用变量：{{ number }} 申请编号、{{ applicant_name }} 申请人、"
        "{{ description }} 所需信息、"
        "{{ received_on }} 收到日期、{{ reply_due_on }} 答复期限、{{ issued_on }} 出具日期、"
        "{{ office_name }} 出具机关、{{ items }} 补正事项、{{ step_due_on }} 本环节期限、"
        "{{ extension_days }} 延长天数、{{ reason }} 理由、{{ party }} 被征求意见方、"
        "{{ outcome }} 办理结果、{{ reply_text }} 答复内容、{{ fee_amount }} 金额、"
        "{{ fee_calculation }} 计算过程；法定期限：{{ reply_days }} 答复工作日数、"
        "{{ consultation_days }} 征求意见工作日数、{{ appeal_review_days }} 申请复议天数、"
        "{{ appeal_litigation_months }} 起诉月数。",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "告知书模板"
        verbose_name_plural = "告知书模板"
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from disclosure.notices import template_error  # notices renders these rows

        error = template_error(self.body)
        if error:
            raise ValidationError({"body": error})


class Notice(models.Model):
    """A notice issued for one request, kept part by part as rendered (so reprints match what
    was sent): title, 编号, addressee, body, remedies, 落款 and date, in the order of a letter
    under GB/T 9704."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="notices")
    event = models.ForeignKey(RequestEvent, null=True, blank=True, on_delete=models.SET_NULL)
    kind = models.CharField("文书类型", max_length=30, choices=NoticeKind.choices)
    title = models.CharField("标题", max_length=100)
    number = models.CharField("文书编号", max_length=60, blank=True)
    addressee = models.CharField("主送", max_length=200, blank=True)
    body = models.TextField("正文")
    remedies = models.TextField("救济途径", blank=True)
    signature = models.CharField("落款", max_length=200, blank=True)
    public = models.BooleanField("申请人可下载", default=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issued_on = models.DateField("出具日期")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "告知书"
        verbose_name_plural = "告知书"
        ordering = ["issued_on", "pk"]

    @property
    def text(self) -> str:
        """The whole letter as plain text, in reading order (for search, tests and purges)."""
        parts = [self.title, self.number, f"{self.addressee}：" if self.addressee else ""]
        parts += [self.body, self.remedies, self.signature, cn_date(self.issued_on)]
        return "\n\n".join(part for part in parts if part)


class NoticeSequence(models.Model):
    """Last 告知书 编号 serial issued per year (locked row: numbers gap-free and unique)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)


@register_setting(icon="doc-full")
class DisclosureSettings(BaseGenericSetting):
    """What the letters name that 机构职能 does not hold: where the applicant may seek 行政复议
    and which court hears a suit, and the 机关代字 of the notices' 编号."""

    review_body = models.CharField(
        "行政复议机关",
        max_length=100,
        blank=True,
        help_text="告知书救济途径中写明的复议机关，如“国家税务总局北京市税务局”；"
        "留空时写“上一级税务机关”。",
    )
    court = models.CharField(
        "管辖法院",
        max_length=100,
        blank=True,
        help_text="告知书救济途径中写明的人民法院，如“北京市西城区人民法院”；"
        "留空时写“有管辖权的人民法院”。",
    )
    notice_code = models.CharField(
        "告知书编号机关代字",
        max_length=30,
        default="依申请公开",
        help_text="告知书编号形如“依申请公开〔2026〕1号”，按年连续编号。",
    )

    panels = [FieldPanel("review_body"), FieldPanel("court"), FieldPanel("notice_code")]

    class Meta:
        verbose_name = "告知书设置"


class AuditLog(models.Model):
    """Who viewed or changed which request, when, from where (PIPL accountability)."""

    request = models.ForeignKey(
        DisclosureRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="audit"
    )
    request_number = models.CharField("申请编号", max_length=20, blank=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    username = models.CharField("用户", max_length=150, blank=True)
    action = models.CharField("操作", max_length=50, db_index=True)
    detail = models.TextField("详情", blank=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["-at", "-pk"]


class NumberSequence(models.Model):
    """Last 申请编号 serial issued per year; locked row keeps numbers gap-free and unique."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)


class DisclosureRequestIndexPage(ColumnIndexPage):
    """依申请公开 column: explains the procedure, links to the online application and tracking."""

    parent_page_types = ["cms.DisclosureIndexPage"]
    subpage_types = ["cms.StandardPage"]
    max_count = 1
    template = "disclosure/disclosure_request_index_page.html"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["disclosure_rules"] = rules.template_numbers()
        return context

    class Meta:
        verbose_name = "依申请公开栏目"


class ApplicationChannelBlock(blocks.StructBlock):
    """One way to hand in a request (在线、当面、信函、传真…) and what the applicant does."""

    channel = blocks.CharBlock(label="申请渠道", max_length=50)
    instructions = blocks.TextBlock(label="办理说明")

    class Meta:
        icon = "mail"
        label = "申请渠道"


class DisclosureGuidePage(Page):
    """政府信息公开指南 (条例第十二条) as structured sections staff edit field by field.

    What the law fixes or another record already holds is not typed here: the office's address,
    hours, phone and fax come from 机构职能 (`lists.organisations.disclosure_office`), the
    periods from `disclosure.rules`, the fee bands from `disclosure.fees`, and the 申请表 is
    generated from the online form's fields, so the guide never drifts from what the portal does.
    """

    summary = models.CharField("内容概述", max_length=300, blank=True)
    proactive_scope = RichTextField(
        "主动公开的范围",
        blank=True,
        features=GUIDE_TEXT_FEATURES,
        help_text="条例第十九条、第二十条",
    )
    proactive_ways = RichTextField(
        "主动公开的方式和时限",
        blank=True,
        features=GUIDE_TEXT_FEATURES,
        help_text="公开载体（门户网站、公报、办税服务厅等）和公开时限（条例第二十三条、第二十六条）",
    )
    application_intro = RichTextField(
        "依申请公开说明",
        blank=True,
        features=GUIDE_TEXT_FEATURES,
        help_text="条例第二十七条至第二十九条",
    )
    application_channels = StreamField(
        [("channel", ApplicationChannelBlock())],
        verbose_name="申请渠道",
        blank=True,
        help_text="受理机构的地址、电话、传真和办公时间取自“机构职能”，此处只写各渠道的办理方式。",
    )
    processing_note = RichTextField(
        "办理的补充说明",
        blank=True,
        features=GUIDE_TEXT_FEATURES,
        help_text="法定答复、补正、征求意见和延期期限由系统按条例自动列出，此处填写本机关的补充说明。",
    )
    review_authority = models.CharField(
        "行政复议机关", max_length=200, blank=True, help_text="例如：国家税务总局"
    )
    court = models.CharField(
        "行政诉讼管辖法院", max_length=200, blank=True, help_text="例如：北京市第一中级人民法院"
    )
    complaint_channel = models.TextField(
        "投诉举报渠道",
        blank=True,
        help_text="认为本机关不依法履行政府信息公开职能的，向谁投诉、举报（条例第五十一条）及联系方式",
    )
    body = StreamField(BaseStreamBlock(), verbose_name="其他说明", blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [FieldPanel("proactive_scope"), FieldPanel("proactive_ways")], heading="一、主动公开"
        ),
        MultiFieldPanel(
            [
                FieldPanel("application_intro"),
                FieldPanel("application_channels"),
                FieldPanel("processing_note"),
            ],
            heading="二、依申请公开",
        ),
        MultiFieldPanel(
            [FieldPanel("review_authority"), FieldPanel("court"), FieldPanel("complaint_channel")],
            heading="三、监督和救济",
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("proactive_scope"),
        index.SearchField("application_intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["cms.DisclosureIndexPage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "disclosure/disclosure_guide_page.html"

    class Meta:
        verbose_name = "政府信息公开指南"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["disclosure_rules"] = rules.template_numbers()
        context["fee_summary"] = fee_rules_summary()
        context["fee_payment_days"] = rules.FEE_PAYMENT_DAYS
        return context


class SystemDocumentBlock(blocks.StructBlock):
    """A rule issued as a document of the policy library, with a line on what it governs."""

    document = blocks.PageChooserBlock(label="政策文件", page_type="policies.PolicyDocumentPage")
    note = blocks.CharBlock(label="适用说明", max_length=200, required=False)

    class Meta:
        icon = "doc-full"
        label = "政策库中的制度文件"


class DisclosureSystemPage(Page):
    """政府信息公开制度: the agency's disclosure rules (保密审查, 依申请公开办理, 发布协调…).

    A rule issued as a 文件 is chosen from the policy library (one record, with its 文号 and
    dates, never copied); a rule written only for the portal is a child page. The page lists both.
    """

    summary = models.CharField("内容概述", max_length=300, blank=True)
    intro = RichTextField("栏目说明", blank=True, features=GUIDE_TEXT_FEATURES)
    documents = StreamField(
        [("document", SystemDocumentBlock())], verbose_name="制度文件", blank=True
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("intro"),
        FieldPanel("documents"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.SearchField("intro")]
    parent_page_types = ["cms.DisclosureIndexPage"]
    subpage_types = ["cms.StandardPage"]
    max_count = 1
    template = "disclosure/disclosure_system_page.html"

    class Meta:
        verbose_name = "政府信息公开制度"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["rule_documents"] = [
            {"page": block.value["document"].specific, "note": block.value["note"]}
            for block in self.documents
            if block.value["document"] is not None and block.value["document"].live
        ]
        context["rule_pages"] = self.get_children().live().public().specific()
        return context
