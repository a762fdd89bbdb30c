"""Forms for the public pages and the staff ledgers. They only parse input: field names are the
keyword arguments of the service each form feeds, and every rule lives in the services."""

import re
import uuid
from datetime import time

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from lists.organisations import unit_choices
from portal.antiabuse import AntiAbuseFormMixin
from portal.uploads import upload_error
from taxpayer import rules, selectors
from taxpayer.models import (
    AppointmentProposal,
    AppointmentSubject,
    MatterKind,
    MatterStatus,
    ProposalStatus,
    ServiceHall,
)
from taxpayer.privacy import phone_error, taxpayer_id_error

ATTACHMENT_TYPES = ("pdf", "jpg", "png")
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class ChineseMessagesMixin:
    """Required fields say what is missing in Chinese ('请填写联系电话。')."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.BooleanField):
                continue  # a checkbox states its own message ("请阅读并同意…")
            verb = (
                "选择" if isinstance(field, forms.ChoiceField | forms.ModelChoiceField) else "填写"
            )
            label = re.sub(r"（.*?）$", "", str(field.label or ""))
            field.error_messages["required"] = f"请{verb}{label}。"
            field.error_messages.setdefault("invalid", f"{label}格式不正确。")
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = f"请从列表中选择{label}。"


def _users_with(*permissions: str):
    """Active users who hold any of `permissions` (directly, by group, or as superuser)."""
    query = Q(is_superuser=True)
    for permission in permissions:
        codename = permission.split(".", 1)[1]
        query |= Q(groups__permissions__codename=codename) | Q(user_permissions__codename=codename)
    return get_user_model().objects.filter(query, is_active=True).distinct().order_by("username")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.get_full_name() or user.get_username()


class ContactFieldsMixin(forms.Form):
    taxpayer_name = forms.CharField(label="纳税人名称（姓名）", max_length=200)
    phone = forms.CharField(label="联系电话", max_length=20)
    email = forms.EmailField(
        label="电子邮箱（选填，用于接收回执和结果）", required=False, max_length=200
    )

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        error = phone_error(value)
        if error:
            raise forms.ValidationError(error)
        return value


class PublicSubmissionMixin(forms.Form):
    consent = forms.BooleanField(
        label="我已阅读并同意上述个人信息处理告知",
        error_messages={"required": "请阅读并同意个人信息处理告知后再提交。"},
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())


# ---------------------------------------------------------------------------------------------
# Public: 诉求, tracking, rating


class AppealForm(
    ChineseMessagesMixin, AntiAbuseFormMixin, PublicSubmissionMixin, ContactFieldsMixin
):
    taxpayer_id = forms.CharField(label="纳税人识别号（选填）", max_length=20, required=False)
    category = forms.ChoiceField(label="诉求类别", choices=rules.APPEAL_CATEGORIES)
    content = forms.CharField(
        label="诉求和意见", max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    attachment = forms.FileField(
        label="附件（选填，PDF、JPG、PNG，不超过10MB）",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def clean_attachment(self):
        """By content, not by name (portal.uploads): a renamed program is refused."""
        upload = self.cleaned_data.get("attachment")
        if upload:
            error = upload_error(upload, allowed=ATTACHMENT_TYPES, max_bytes=ATTACHMENT_MAX_BYTES)
            if error:
                raise forms.ValidationError(error)
        return upload

    def clean_taxpayer_id(self) -> str:
        value = self.cleaned_data["taxpayer_id"].strip().upper()
        error = taxpayer_id_error(value)
        if error:
            raise forms.ValidationError(error)
        return value


class TrackForm(ChineseMessagesMixin, AntiAbuseFormMixin, forms.Form):
    number = forms.CharField(label="编号", max_length=20, help_text="如 SQ-2026-000001")
    code = forms.CharField(label="查询码", max_length=20)

    def clean_number(self) -> str:
        return self.cleaned_data["number"].strip().upper()


class RatingForm(ChineseMessagesMixin, AntiAbuseFormMixin, forms.Form):
    level = forms.TypedChoiceField(
        label="评价等级", choices=rules.RATING_LEVELS, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label="评价意见（不满意的请写明原因）",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DisclosureRatingForm(RatingForm):
    """依申请公开: the applicant proves who he is with 申请编号 + 查询码 (unless just tracked)."""

    number = forms.CharField(label="申请编号", max_length=20, required=False)
    code = forms.CharField(label="查询码", max_length=20, required=False)

    field_order = ["number", "code", "level", "comment"]


# ---------------------------------------------------------------------------------------------
# Public: 办税预约


class BookingForm(
    ChineseMessagesMixin, AntiAbuseFormMixin, PublicSubmissionMixin, ContactFieldsMixin
):
    hall_id = forms.TypedChoiceField(label="办税服务厅", coerce=int)
    day = forms.DateField(label="预约日期", widget=DATE_INPUT)
    starts_at = forms.TimeField(label="预约时段", widget=forms.RadioSelect)
    subject = forms.ChoiceField(
        label="预约事项类型", choices=AppointmentSubject.choices, widget=forms.RadioSelect
    )
    guide_id = forms.TypedChoiceField(
        label="办理的涉税事项", coerce=int, required=False, empty_value=None
    )
    question = forms.CharField(
        label="咨询问题或补充说明",
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    field_order = [
        "hall_id",
        "day",
        "starts_at",
        "subject",
        "guide_id",
        "question",
        "taxpayer_name",
        "phone",
        "email",
    ]

    def __init__(self, *args, slot_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hall_id"].choices = [(hall.id, hall.name) for hall in selectors.public_halls()]
        self.fields["guide_id"].choices = [("", "请选择"), *selectors.bookable_guide_choices()]
        self.fields["starts_at"].widget.choices = list(slot_choices)
        self.fields["starts_at"].error_messages["required"] = "请选择预约时段。"
        self.fields["starts_at"].error_messages["invalid"] = "请选择预约时段。"


class AppointmentLookupForm(ChineseMessagesMixin, AntiAbuseFormMixin, forms.Form):
    number = forms.CharField(label="预约编号", max_length=20, help_text="如 YY-2026-000001")
    code = forms.CharField(label="预约码", max_length=20)

    def clean_number(self) -> str:
        return self.cleaned_data["number"].strip().upper()


class RescheduleForm(ChineseMessagesMixin, forms.Form):
    day = forms.DateField(label="新的预约日期", widget=DATE_INPUT)
    starts_at = forms.TimeField(label="新的预约时段", widget=forms.RadioSelect)

    def __init__(self, *args, slot_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].widget.choices = list(slot_choices)
        self.fields["starts_at"].error_messages["required"] = "请选择新的预约时段。"


class CancelAppointmentForm(ChineseMessagesMixin, forms.Form):
    confirm = forms.BooleanField(
        label="我确认取消本次预约",
        error_messages={"required": "请勾选确认后再取消预约。"},
    )
    reason = forms.CharField(label="取消原因（选填）", max_length=200, required=False)


class AnswerProposalForm(forms.Form):
    proposal = forms.IntegerField(widget=forms.HiddenInput)


# ---------------------------------------------------------------------------------------------
# Staff: registration and the closed loop


class RegisterForm(ChineseMessagesMixin, ContactFieldsMixin):
    kind = forms.ChoiceField(label="登记类型", choices=MatterKind.choices)
    channel = forms.ChoiceField(label="受理渠道")
    category = forms.ChoiceField(
        label="诉求类别（诉求必填）", choices=[("", "—"), *rules.APPEAL_CATEGORIES], required=False
    )
    taxpayer_id = forms.CharField(label="纳税人识别号（选填）", max_length=20, required=False)
    content = forms.CharField(
        label="诉求和意见（首问事项）", max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    received_at = forms.DateTimeField(
        label="受理时间（接洽时间）",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    receiving_unit_id = forms.TypedChoiceField(
        label="受理单位", coerce=int, required=False, empty_value=None
    )
    guide_id = forms.TypedChoiceField(
        label="办税指南事项（首问事项）", coerce=int, required=False, empty_value=None
    )
    limit_days = forms.IntegerField(
        label="办理时限（工作日，指南未公开时填写）", required=False, min_value=0, max_value=60
    )
    on_the_spot = forms.BooleanField(label="当场办理答复", required=False)
    answer = forms.CharField(
        label="当场答复内容", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    field_order = [
        "kind",
        "channel",
        "category",
        "received_at",
        "receiving_unit_id",
        "taxpayer_name",
        "taxpayer_id",
        "phone",
        "email",
        "content",
        "guide_id",
        "limit_days",
        "on_the_spot",
        "answer",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        channels = dict(rules.APPEAL_CHANNELS) | dict(rules.MATTER_CHANNELS)
        self.fields["channel"].choices = list(channels.items())
        self.fields["receiving_unit_id"].choices = [
            ("", "—"),
            *[(unit.pk, unit.name) for unit in unit_choices()],
        ]
        self.fields["guide_id"].choices = [("", "—"), *selectors.guide_choices()]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("on_the_spot") and not (cleaned.get("answer") or "").strip():
            self.add_error("answer", "当场办理答复的，请填写答复内容。")
        return cleaned


class OnForm(ChineseMessagesMixin, forms.Form):
    on = forms.DateField(label="日期（默认今天）", required=False, widget=DATE_INPUT)


class HandOverForm(OnForm):
    note = forms.CharField(label="说明", required=False, max_length=500)


class AssignForm(OnForm):
    host_unit_id = forms.TypedChoiceField(label="主办部门", coerce=int)
    co_unit_ids = forms.TypedMultipleChoiceField(
        label="协办部门（联合办理时选择）", coerce=int, required=False
    )
    handler = UserChoiceField(label="承办人", queryset=None, required=False)
    topic = forms.CharField(label="共性问题标签（选填）", max_length=50, required=False)
    instructions = forms.CharField(
        label="转办要求", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = [(unit.pk, unit.name) for unit in unit_choices()]
        self.fields["host_unit_id"].choices = [("", "—"), *units]
        self.fields["co_unit_ids"].choices = units
        self.fields["handler"].queryset = _users_with(
            "taxpayer.handle_assigned_matter", "taxpayer.serve_matter"
        )


class ExtendForm(OnForm):
    days = forms.IntegerField(label="延长工作日数", min_value=1, max_value=60)
    reason = forms.CharField(label="延期原因（将告知纳税人）", max_length=500)
    approved_by = UserChoiceField(label="批准人", queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = _users_with(
            "taxpayer.approve_extension", "taxpayer.approve_joint_extension"
        )


class CompleteForm(OnForm):
    result = forms.CharField(label="办理结果", widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(OnForm):
    reply_text = forms.CharField(label="反馈纳税人的内容", widget=forms.Textarea(attrs={"rows": 3}))


class RevisitForm(OnForm):
    note = forms.CharField(label="回访情况", widget=forms.Textarea(attrs={"rows": 3}))
    level = forms.TypedChoiceField(
        label="回访满意度",
        choices=[("", "未表态"), *rules.RATING_LEVELS],
        coerce=int,
        required=False,
        empty_value=None,
    )


class ReconcileForm(OnForm):
    note = forms.CharField(label="对账说明", required=False, max_length=500)


class OnTheSpotForm(ChineseMessagesMixin, forms.Form):
    answer = forms.CharField(label="当场答复内容", widget=forms.Textarea(attrs={"rows": 3}))


class DeferForm(OnForm):
    reason = forms.CharField(
        label="详细记录和告知纳税人的说明", widget=forms.Textarea(attrs={"rows": 3})
    )


class ResumeForm(OnForm):
    note = forms.CharField(label="说明", required=False, max_length=500)


class RouteReviewForm(OnForm):
    explanation = forms.CharField(
        label="告知纳税人的行政复议途径", widget=forms.Textarea(attrs={"rows": 3})
    )


class TransferForm(OnForm):
    organ = forms.CharField(label="移交的主管部门", max_length=200)
    explanation = forms.CharField(
        label="告知纳税人的说明", widget=forms.Textarea(attrs={"rows": 3})
    )


class ContactForm(ChineseMessagesMixin, forms.Form):
    phone = forms.CharField(label="联系电话", max_length=20)
    email = forms.EmailField(label="电子邮箱", required=False, max_length=200)


class LedgerFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="类型", choices=[("", "全部"), *MatterKind.choices], required=False
    )
    status = forms.ChoiceField(
        label="状态",
        choices=[("", "全部"), ("open", "未办结（计时中）"), *MatterStatus.choices],
        required=False,
    )
    category = forms.ChoiceField(
        label="诉求类别", choices=[("", "全部"), *rules.APPEAL_CATEGORIES], required=False
    )
    channel = forms.ChoiceField(label="渠道", required=False)
    unit = forms.TypedChoiceField(label="主办部门", coerce=int, required=False, empty_value=None)
    due = forms.ChoiceField(
        label="期限",
        choices=[("", "全部"), ("soon", "即将到期"), ("overdue", "已超期")],
        required=False,
    )
    received_from = forms.DateField(label="受理日期自", required=False, widget=DATE_INPUT)
    received_to = forms.DateField(label="至", required=False, widget=DATE_INPUT)
    q = forms.CharField(label="关键词", required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        channels = dict(rules.APPEAL_CHANNELS) | dict(rules.MATTER_CHANNELS)
        self.fields["channel"].choices = [("", "全部"), *channels.items()]
        self.fields["unit"].choices = [("", "全部"), *[(u.pk, u.name) for u in unit_choices()]]


class PeriodForm(forms.Form):
    start = forms.DateField(label="受理日期自", widget=DATE_INPUT)
    end = forms.DateField(label="至", widget=DATE_INPUT)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "结束日期不能早于开始日期。")
        return cleaned


# ---------------------------------------------------------------------------------------------
# Staff: appointments, 延时服务, 差评


class DayForm(forms.Form):
    hall = forms.ModelChoiceField(label="办税服务厅", queryset=ServiceHall.objects.all())
    day = forms.DateField(label="日期", widget=DATE_INPUT)


class StaffBookingForm(ChineseMessagesMixin, ContactFieldsMixin):
    """A booking the office makes for a taxpayer who calls (预约服务可以由税务机关发起)."""

    day = forms.DateField(label="预约日期", widget=DATE_INPUT)
    starts_at = forms.TimeField(label="开始时间", widget=TIME_INPUT)
    subject = forms.ChoiceField(label="预约事项类型", choices=AppointmentSubject.choices)
    guide_id = forms.TypedChoiceField(
        label="办理的涉税事项", coerce=int, required=False, empty_value=None
    )
    question = forms.CharField(label="咨询问题或补充说明", required=False, max_length=2000)
    consent = forms.BooleanField(
        label="已向纳税人告知个人信息处理规则并征得同意",
        error_messages={"required": "请先向纳税人告知个人信息处理规则并征得同意。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guide_id"].choices = [("", "—"), *selectors.bookable_guide_choices()]


class ProposalForm(ChineseMessagesMixin, forms.Form):
    day = forms.DateField(label="建议日期", widget=DATE_INPUT)
    starts_at = forms.TimeField(label="建议开始时间", widget=TIME_INPUT)
    reason = forms.CharField(label="理由（纳税人可见）", max_length=1000)


class AgreementForm(ChineseMessagesMixin, forms.Form):
    proposal = forms.ModelChoiceField(
        label="纳税人同意的建议", queryset=AppointmentProposal.objects.none()
    )
    note = forms.CharField(label="协商情况（时间、方式、同意人）", max_length=200)

    def __init__(self, *args, appointment=None, **kwargs):
        super().__init__(*args, **kwargs)
        if appointment is not None:
            self.fields["proposal"].queryset = appointment.proposals.filter(
                status=ProposalStatus.PENDING
            )


class ServeForm(ChineseMessagesMixin, forms.Form):
    note = forms.CharField(label="办理说明", required=False, max_length=200)


class AbandonForm(forms.Form):
    """Nothing to fill in: the slot has passed without the taxpayer."""


class OvertimeForm(ChineseMessagesMixin, forms.Form):
    staff = UserChoiceField(label="工作人员", queryset=None)
    hall_id = forms.TypedChoiceField(
        label="办税服务厅", coerce=int, required=False, empty_value=None
    )
    worked_on = forms.DateField(label="日期", widget=DATE_INPUT)
    starts_at = forms.TimeField(
        label="延时开始（下班时间）", widget=TIME_INPUT, initial=time(17, 0)
    )
    ends_at = forms.TimeField(label="延时结束", widget=TIME_INPUT)
    taxpayers_served = forms.IntegerField(label="服务纳税人数", min_value=1, initial=1)
    note = forms.CharField(label="办理事项", required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = _users_with("taxpayer.manage_appointments")
        self.fields["hall_id"].choices = [
            ("", "—"),
            *[(hall.id, hall.name) for hall in selectors.public_halls()],
        ]


class LeaveForm(ChineseMessagesMixin, forms.Form):
    staff = UserChoiceField(label="工作人员", queryset=None)
    leave_on = forms.DateField(label="调休日期", widget=DATE_INPUT)
    hours = forms.DecimalField(
        label="调休时长（小时）", max_digits=4, decimal_places=1, min_value=0
    )
    note = forms.CharField(label="说明", required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = _users_with("taxpayer.manage_appointments")


class VerifyRatingForm(OnForm):
    verification = forms.CharField(label="回访核实情况", widget=forms.Textarea(attrs={"rows": 3}))
    finding = forms.ChoiceField(label="核实结论", choices=rules.RATING_FINDINGS)


class RectifyRatingForm(OnForm):
    rectification = forms.CharField(
        label="整改措施及结果（或解释说明情况）", widget=forms.Textarea(attrs={"rows": 3})
    )
    reply_to_rater = forms.CharField(
        label="向评价人反馈的内容", widget=forms.Textarea(attrs={"rows": 3})
    )


class ExtendRatingForm(ExtendForm):
    reason = forms.CharField(label="情况复杂、需要延期的原因", max_length=500)
    days = forms.IntegerField(
        label="延长工作日数", min_value=1, max_value=rules.RATING_MAX_EXTENSION_DAYS
    )
