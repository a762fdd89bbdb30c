"""Admin form of power items: each save states its own reason, so history never repeats an
old one by accident."""

from wagtail.admin.forms import WagtailAdminModelForm


class PowerItemForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "change_reason" in self.fields:
            self.fields["change_reason"].required = True
            self.initial["change_reason"] = ""
            if self.instance.pk:
                self.fields[
                    "change_reason"
                ].help_text = (
                    f"上次调整原因：{self.instance.change_reason or '无'}。请填写本次调整原因。"
                )
