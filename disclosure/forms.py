"""Forms for the public application and tracking pages and for staff handling actions.

Forms only parse and check input; every rule that changes state lives in `services.py`.
"""

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from disclosure import rules, selectors
from disclosure.models import Channel, Delivery, IdType, InfoForm
from disclosure.taxonomy import APPLICANT_KINDS, APPLICANT_NATURAL_PERSON, OUTCOME_CHOICES
from disclosure.validators import id_number_error, phone_error
from lists.organisations import unit_choices
from portal.antiabuse import AntiAbuseFormMixin
from portal.uploads import upload_error

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = ("pdf", "jpg", "png")
PRIVACY_NOTICE = (
    "个人信息处理告知：本机关收集您的姓名或名称、证件号码、联系方式和通信地址，仅用于核实申请人"
    "身份、办理本次政府信息公开申请并向您送达告知书和答复。证件号码、电话和地址加密保存，仅经办"
    "人员可见，每次查看均留痕。申请办结后保存{days}天，期满后删除个人信息，仅保留不含个人"
    "信息的统计数据。"
)


def privacy_notice() -> str:
    return PRIVACY_NOTICE.format(days=rules.pii_retention_days())


def attach_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when the form has it, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def attachment_error(upload) -> str:
    """Only PDF, JPG and PNG, checked by content (magic bytes), not by the name alone."""
    return upload_error(upload, allowed=ATTACHMENT_TYPES, max_bytes=ATTACHMENT_MAX_BYTES)


class ApplicantFieldsMixin(forms.Form):
    applicant_kind = forms.ChoiceField(label="申请人类型", choices=APPLICANT_KINDS)
    applicant_name = forms.CharField(label="姓名或组织名称", max_length=200)
    contact_person = forms.CharField(
        label="联系人（法人或其他组织填写）", max_length=100, required=False
    )
    id_type = forms.ChoiceField(label="证件类型", choices=IdType.choices)
    id_number = forms.CharField(label="证件号码", max_length=30)
    phone = forms.CharField(label="联系电话", max_length=20)
    email = forms.EmailField(label="电子邮箱", required=False, max_length=200)
    address = forms.CharField(label="通信地址", max_length=300)
    postal_code = forms.CharField(label="邮政编码", max_length=6, required=False)
    description = forms.CharField(
        label="所需政府信息的名称、文号或者便于查询的其他特征性描述",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )
    doc_number = forms.CharField(label="发文字号（如知道）", max_length=100, required=False)
    info_form = forms.ChoiceField(
        label="信息载体形式", choices=InfoForm.choices, widget=forms.RadioSelect
    )
    delivery = forms.ChoiceField(
        label="获取方式", choices=Delivery.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.BooleanField):
                continue
            verb = "选择" if isinstance(field, forms.ChoiceField) else "填写"
            field.error_messages["required"] = f"请{verb}{field.label}。"

    def clean_id_number(self) -> str:
        return re.sub(r"\s", "", self.cleaned_data["id_number"]).upper()

    def clean_postal_code(self) -> str:
        value = self.cleaned_data["postal_code"].strip()
        if value and not re.fullmatch(r"\d{6}", value):
            raise ValidationError("邮政编码应为6位数字。")
        return value

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        error = phone_error(value)
        if error:
            raise ValidationError(error)
        return value

    def clean(self):
        cleaned = super().clean()
        kind, id_type = cleaned.get("applicant_kind"), cleaned.get("id_type")
        if kind and id_type:
            if kind == APPLICANT_NATURAL_PERSON and id_type == "credit_code":
                self.add_error("id_type", "自然人请选择身份证件，不能使用统一社会信用代码。")
            elif kind != APPLICANT_NATURAL_PERSON and id_type != "credit_code":
                self.add_error("id_type", "法人或其他组织请填写统一社会信用代码。")
            elif cleaned.get("id_number"):
                error = id_number_error(id_type, cleaned["id_number"])
                if error:
                    self.add_error("id_number", error)
        if kind and kind != APPLICANT_NATURAL_PERSON and not cleaned.get("contact_person"):
            self.add_error("contact_person", "法人或其他组织请填写联系人。")
        if cleaned.get("delivery") == Delivery.EMAIL and not cleaned.get("email"):
            self.add_error("email", "选择电子邮件方式获取的，请填写电子邮箱。")
        return cleaned


class ApplyForm(AntiAbuseFormMixin, ApplicantFieldsMixin):
    attachment = forms.FileField(
        label="附件（可选，PDF、JPG、PNG，不超过10MB）",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    consent = forms.BooleanField(
        label="我已阅读并同意上述个人信息处理告知",
        error_messages={"required": "请阅读并同意个人信息处理告知后再提交。"},
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            error = attachment_error(upload)
            if error:
                raise ValidationError(error)
        return upload


class TrackForm(AntiAbuseFormMixin, forms.Form):
    number = forms.CharField(label="申请编号", max_length=20)
    code = forms.CharField(label="查询码", max_length=20)

    def clean_number(self) -> str:
        return self.cleaned_data["number"].strip().upper()


class NewCodeForm(AntiAbuseFormMixin, forms.Form):
    """Ask for a new 查询码: it goes to the e-mail address given in the application."""

    number = forms.CharField(
        label="申请编号", max_length=20, error_messages={"required": "请填写申请编号。"}
    )
    email = forms.EmailField(
        label="申请时填写的电子邮箱",
        max_length=200,
        error_messages={
            "required": "请填写申请时留下的电子邮箱。",
            "invalid": "请填写有效的电子邮箱。",
        },
    )

    def clean_number(self) -> str:
        return self.cleaned_data["number"].strip().upper()


class RegisterForm(ApplicantFieldsMixin):
    """Staff registration of a request from another channel (条例第三十一条 receipt dates)."""

    channel = forms.ChoiceField(
        label="申请渠道", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    received_on = forms.DateField(
        label="收到申请日期",
        help_text="当面：提交之日；挂号邮寄：签收之日；平信：与申请人确认之日；"
        "传真或在线：双方确认之日。",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    receipt_basis = forms.CharField(
        label="收到日期说明（如邮件单号、确认方式）", max_length=200, required=False
    )
    receipt_date_reason = forms.CharField(
        label="收到日期不是今天的原因（当面提交时必填）",
        max_length=200,
        required=False,
        help_text="当面提交以提交之日为收到申请之日；补录以往或预约日期的，请写明原因。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].required = False
        self.fields["address"].required = False

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        return super().clean_phone() if value else value


class _DateField(forms.DateField):
    def __init__(self, label: str, **kwargs):
        kwargs.setdefault("initial", timezone.localdate)
        super().__init__(
            label=label, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **kwargs
        )


class ConfirmReceiptForm(forms.Form):
    confirmed_on = _DateField("确认收到日期")


class CorrectionNoticeForm(forms.Form):
    notified_on = _DateField("告知日期")
    items = forms.CharField(label="需补正的事项", widget=forms.Textarea(attrs={"rows": 3}))
    period_days = forms.IntegerField(
        label="补正期限（工作日）",
        min_value=rules.CORRECTION_PERIOD_MIN_DAYS,
        max_value=rules.CORRECTION_PERIOD_MAX_DAYS,
        initial=rules.CORRECTION_PERIOD_DEFAULT_DAYS,
    )


class CorrectionReceivedForm(forms.Form):
    received_on = _DateField("收到补正日期")
    note = forms.CharField(
        label="补正内容摘要", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    late_reason = forms.CharField(
        label="逾期补正的正当理由（超过补正期限时必填）", max_length=300, required=False
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


CORRECTION_MAX_FILES = 5


class CorrectionSubmitForm(forms.Form):
    """The applicant's 补正 sent online from the tracking page."""

    text = forms.CharField(
        label="补正内容",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={"required": "请填写补正内容。"},
    )
    attachments = MultipleFileField(
        label=f"补正材料（可选，PDF、JPG、PNG，每个不超过10MB，最多{CORRECTION_MAX_FILES}个）",
        required=False,
    )

    def clean_attachments(self) -> list:
        uploads = self.cleaned_data.get("attachments") or []
        if len(uploads) > CORRECTION_MAX_FILES:
            raise ValidationError(f"补正材料最多{CORRECTION_MAX_FILES}个。")
        for upload in uploads:
            error = attachment_error(upload)
            if error:
                raise ValidationError(f"{upload.name}：{error}")
        return uploads


class LapseForm(forms.Form):
    on = _DateField("处理日期")


class ConsultStartForm(forms.Form):
    started_on = _DateField("征求意见日期")
    party = forms.CharField(label="第三方或机关名称", max_length=200)
    third_party = forms.TypedChoiceField(
        label="征求对象",
        choices=[("1", "第三方（条例第三十二条）"), ("0", "其他机关（条例第三十四条）")],
        coerce=lambda v: v == "1",
    )


class ConsultEndForm(forms.Form):
    ended_on = _DateField("结束日期")
    opinion = forms.CharField(label="意见摘要", widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(forms.Form):
    notified_on = _DateField("告知申请人日期")
    days = forms.IntegerField(
        label="延长工作日数",
        min_value=1,
        max_value=rules.MAX_EXTENSION_DAYS,
        initial=rules.MAX_EXTENSION_DAYS,
    )
    reason = forms.CharField(label="延期理由", max_length=300)
    approved_by = forms.ModelChoiceField(label="批准人（机构负责人）", queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = selectors.extension_approvers()


class AssignForm(forms.Form):
    """转办 to a unit of 机构职能; the service receives the unit's id."""

    department_id = forms.TypedChoiceField(label="承办部门", coerce=int)
    instructions = forms.CharField(
        label="转办要求", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    feedback_days = forms.IntegerField(
        label="反馈期限（工作日）",
        min_value=rules.ASSIGNMENT_FEEDBACK_MIN_DAYS,
        max_value=rules.ASSIGNMENT_FEEDBACK_MAX_DAYS,
        initial=rules.ASSIGNMENT_FEEDBACK_DEFAULT_DAYS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department_id"].choices = [
            ("", "请选择"),
            *((unit.pk, unit.name) for unit in unit_choices()),
        ]


class FeedbackForm(forms.Form):
    feedback = forms.CharField(label="反馈意见", widget=forms.Textarea(attrs={"rows": 3}))


class FeeNoticeForm(forms.Form):
    notice_on = _DateField("收费通知日期")
    method = forms.ChoiceField(
        label="计收方式", choices=[("per_request", "按件计收"), ("per_volume", "按量计收")]
    )
    quantity = forms.IntegerField(
        label="页数（按量）；按件时留空，按台账自动统计本月件数",
        min_value=0,
        required=False,
    )
    quantity_reason = forms.CharField(
        label="更正按件件数的理由（与台账统计不同时必填）", max_length=300, required=False
    )


class FeePaidForm(forms.Form):
    paid_on = _DateField("缴费日期")


class ReplyForm(forms.Form):
    replied_on = _DateField("答复日期")
    outcome = forms.ChoiceField(label="办理结果", choices=[("", "请选择"), *OUTCOME_CHOICES])
    reply_text = forms.CharField(
        label="答复内容（含理由和依据；救济途径由告知书统一写明）",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attachments = forms.FileField(label="答复附件（PDF、JPG、PNG）", required=False)

    def clean_attachments(self) -> list:
        """A list, as `request_reply` takes several files; the form offers one."""
        upload = self.cleaned_data.get("attachments")
        if not upload:
            return []
        error = attachment_error(upload)
        if error:
            raise ValidationError(error)
        return [upload]


class ArchiveForm(forms.Form):
    archived_on = _DateField("归档日期")


class WithdrawForm(forms.Form):
    withdrawn_on = _DateField("撤回日期")
    note = forms.CharField(label="撤回说明", required=False, max_length=300)


class FeeCalculatorForm(forms.Form):
    method = forms.ChoiceField(
        label="计收方式", choices=[("per_request", "按件计收"), ("per_volume", "按量计收")]
    )
    quantity = forms.IntegerField(
        label="本月申请序号（按件）或页数（按量）", min_value=0, max_value=100000
    )
