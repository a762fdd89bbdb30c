"""The public comment form (shares the portal's anti-abuse mechanism) and staff forms."""

import re

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from consultation.models import COMMENTER_KINDS, DISPOSITION_CHOICES
from consultation.selectors import draft_articles
from consultation.services import TEXT_MAX_LENGTH, TEXT_MIN_LENGTH
from policies.linking import linkable_policy_documents, policy_document_chooser
from portal.antiabuse import AntiAbuseFormMixin
from portal.uploads import upload_error

ATTACHMENT_TYPES = ("pdf", "doc", "docx")
_PHONE = re.compile(r"^[0-9+\-（）() ]{7,20}$")
PRIVACY_NOTICE = (
    "个人信息保护告知：您填写的姓名和联系方式仅用于整理意见和就本次意见与您联系，"
    "不会公开，也不会用于其他目的。本次征求意见如公开意见内容，经审核后在本页公开意见正文；"
    "个人意见人不显示姓名，企业和社会组织显示名称。"
)


class CommentForm(AntiAbuseFormMixin, forms.Form):
    article = forms.ChoiceField(label="意见针对", required=False)
    name = forms.CharField(label="姓名或单位名称", max_length=100, required=False)
    kind = forms.ChoiceField(label="意见人类别", choices=COMMENTER_KINDS, widget=forms.RadioSelect)
    contact = forms.CharField(
        label="联系方式",
        max_length=100,
        help_text="手机、固定电话或电子邮箱，仅用于联系，不公开。",
    )
    text = forms.CharField(
        label="意见内容",
        min_length=TEXT_MIN_LENGTH,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"{TEXT_MIN_LENGTH}至{TEXT_MAX_LENGTH}字。",
    )
    attachment = forms.FileField(
        label="附件（可选）",
        required=False,
        help_text="PDF、DOC 或 DOCX 格式，不超过 10MB。",
    )
    privacy = forms.BooleanField(label="我已阅读并同意个人信息保护告知", required=True)

    field_order = ["article", "name", "kind", "contact", "text", "attachment", "privacy"]

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.fields["article"].choices = [("", "对征求意见稿整体提出意见")] + [
            (a.key, f"{a.chapter} {a.number}".strip()) for a in draft_articles(consultation)
        ]
        self.fields["name"].required = consultation.name_required
        self.fields["privacy"].error_messages["required"] = "请阅读并同意个人信息保护告知。"
        self.fields["text"].error_messages.update(
            {
                "min_length": f"意见内容至少 {TEXT_MIN_LENGTH} 个字。",
                "max_length": f"意见内容不能超过 {TEXT_MAX_LENGTH} 个字。",
                "required": "请填写意见内容。",
            }
        )
        self.fields["name"].error_messages["required"] = "请填写姓名或单位名称。"
        self.fields["contact"].error_messages["required"] = "请填写联系方式。"
        self.fields["kind"].error_messages["required"] = "请选择意见人类别。"
        self.fields["article"].error_messages["invalid_choice"] = "所选条款不存在，请重新选择。"

    def clean_contact(self) -> str:
        value = self.cleaned_data["contact"].strip()
        if "@" in value:
            try:
                forms.EmailField().clean(value)
            except forms.ValidationError:
                raise forms.ValidationError("电子邮箱格式不正确。") from None
            return value
        if not _PHONE.match(value) or sum(ch.isdigit() for ch in value) < 7:
            raise forms.ValidationError("请填写有效的电话号码或电子邮箱。")
        return value

    def clean_attachment(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        error = upload_error(
            upload,
            allowed=ATTACHMENT_TYPES,
            max_bytes=settings.CONSULTATION_ATTACHMENT_MAX_BYTES,
        )
        if error:
            raise forms.ValidationError(error)
        return upload


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核", choices=[("approve", "公开"), ("reject", "不予公开")]
    )
    reason = forms.CharField(label="不予公开理由", max_length=300, required=False)


class DispositionForm(forms.Form):
    disposition = forms.ChoiceField(label="采纳情况", choices=DISPOSITION_CHOICES)
    reason = forms.CharField(
        label="理由", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class FeedbackForm(forms.Form):
    summary = forms.CharField(
        label="采纳情况说明", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    main_opinions = forms.CharField(
        label="主要意见及未采纳理由",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        required=False,
    )
    final_document = forms.ModelChoiceField(
        label="正式文件（政策文件库）",
        queryset=None,
        required=False,
        help_text="正式文件在政策文件库发布后，可在此选择并关联。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["final_document"]
        field.queryset = linkable_policy_documents()
        field.error_messages["invalid_choice"] = "所选正式文件不存在或尚未发布。"
        field.widget = policy_document_chooser()
