"""Admin inbox 网站找错: staff read a visitor's report and answer it with a status and a reply.

Reports come only from the public form, so the admin has no “add” action; answering goes through
`feedback_answer`, which stamps who answered and mails the reply when the visitor left an address.
"""

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from cms.models import FeedbackStatus, SiteFeedback
from cms.services.feedback import feedback_answer
from portal.errors import RuleViolation


class NoAddPermissionPolicy(ModelPermissionPolicy):
    """Reports are written by visitors; nobody adds one in the admin, superusers included."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class FeedbackAnswerForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if (
            status in (FeedbackStatus.ANSWERED, FeedbackStatus.CLOSED)
            and not (cleaned.get("reply") or "").strip()
        ):
            self.add_error("reply", "答复或不予处理时，请填写答复内容。")
        return cleaned


class FeedbackEditView(EditView):
    def save_instance(self):
        data = self.form.cleaned_data
        return feedback_answer(
            feedback=self.object,
            status=data["status"],
            reply=data["reply"],
            user=self.request.user,
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except RuleViolation as error:
            form.add_error(error.field, error.messages)
            return self.form_invalid(form)


class SiteFeedbackViewSet(ModelViewSet):
    model = SiteFeedback
    icon = "help"
    menu_label = "网站找错"
    menu_order = 280
    add_to_admin_menu = True
    copy_view_enabled = False
    edit_view_class = FeedbackEditView
    list_display = ["reference", "category", "status", "submitted_at", "page_url"]
    list_filter = ["status", "category"]
    search_fields = ["reference", "description", "page_url"]
    ordering = ["-submitted_at"]
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("reference", read_only=True),
                    FieldPanel("submitted_at", read_only=True),
                    FieldPanel("page_url", read_only=True),
                    FieldPanel("category", read_only=True),
                    FieldPanel("description", read_only=True),
                    FieldPanel("name", read_only=True),
                    FieldPanel("phone", read_only=True),
                    FieldPanel("email", read_only=True),
                ],
                heading="反映内容",
            ),
            MultiFieldPanel(
                [
                    FieldPanel("status"),
                    FieldPanel("reply"),
                    FieldPanel("replied_at", read_only=True),
                    FieldPanel("replied_by", read_only=True),
                ],
                heading="处理与答复",
            ),
        ],
        base_form_class=FeedbackAnswerForm,
    )
