"""The 我为政府网站找错 form: radio choices in a fieldset, a phone keypad for the phone field."""

import re

from django import forms

from cms.models import FeedbackCategory
from cms.services.feedback import DESCRIPTION_MAX_LENGTH, DESCRIPTION_MIN_LENGTH
from portal.antiabuse import AntiAbuseFormMixin

_PHONE = re.compile(r"^[0-9+\-（）() ]{7,20}$")


class FeedbackForm(AntiAbuseFormMixin, forms.Form):
    page_url = forms.CharField(
        label="问题页面地址",
        max_length=500,
        required=False,
        help_text="从出错页面点“我为政府网站找错”时已自动填好，也可粘贴其他页面地址。",
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )
    category = forms.ChoiceField(
        label="问题类型",
        choices=FeedbackCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "请选择问题类型。", "invalid_choice": "请选择问题类型。"},
    )
    description = forms.CharField(
        label="问题描述",
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"请写明哪里有误、正确的内容是什么（{DESCRIPTION_MIN_LENGTH}至"
        f"{DESCRIPTION_MAX_LENGTH}字）。",
        error_messages={
            "required": "请填写问题描述。",
            "max_length": f"问题描述不能超过 {DESCRIPTION_MAX_LENGTH} 个字。",
        },
    )
    name = forms.CharField(
        label="姓名（选填）",
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label="联系电话（选填）",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label="电子邮箱（选填）",
        max_length=200,
        required=False,
        help_text="留下邮箱的，答复后将发送到该邮箱。",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "电子邮箱格式不正确。"},
    )

    field_order = ["page_url", "category", "description", "name", "phone", "email"]

    def clean_description(self) -> str:
        value = self.cleaned_data["description"].strip()
        if len(value) < DESCRIPTION_MIN_LENGTH:
            raise forms.ValidationError(
                f"问题描述至少 {DESCRIPTION_MIN_LENGTH} 个字，请写明哪里有误。"
            )
        return value

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        if value and (not _PHONE.match(value) or sum(ch.isdigit() for ch in value) < 7):
            raise forms.ValidationError("请填写有效的电话号码，如 010-12345678 或 13800000000。")
        return value
