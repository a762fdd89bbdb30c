"""Public views: the comment form and the receipt. The draft itself is the Wagtail page."""

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from consultation import rules
from consultation.forms import PRIVACY_NOTICE, CommentForm
from consultation.models import Comment, ConsultationPage
from consultation.selectors import article_by_key
from consultation.services import comment_submit, window_message
from portal.antiabuse import rate_limit
from portal.errors import RuleViolation
from portal.outage import SAVE_FAILED_STATUS, SAVE_FAILURES, save_failed_message

RECEIPT_SALT = "consultation.receipt"
RECEIPT_MAX_AGE_SECONDS = 7 * 24 * 3600
# Where a service argument is named differently from the form field that feeds it.
_FIELD_OF_ARGUMENT = {"article_key": "article", "privacy_accepted": "privacy"}


def _comment_rate(group, request) -> str:
    return settings.CONSULTATION_COMMENT_RATE


def _live_consultation(page_id: int) -> ConsultationPage:
    page = get_object_or_404(ConsultationPage.objects.live().public(), pk=page_id)
    return page


def _show_refusal(form: CommentForm, refusal: RuleViolation) -> None:
    """Put the service's refusal on the form, beside the field it concerns, so the page shows
    the message together with everything the person typed."""
    field = _FIELD_OF_ARGUMENT.get(refusal.field, refusal.field)
    form.add_error(field if field in form.fields else None, refusal.messages)


def _refused(request: HttpRequest, page: ConsultationPage, message: str) -> HttpResponse:
    return render(
        request,
        "consultation/comment_refused.html",
        {"consultation": page, "message": message},
        status=403,
    )


@never_cache
@rate_limit("consultation-comment", _comment_rate)
def comment_form(request: HttpRequest, page_id: int) -> HttpResponse:
    """GET shows the form for the draft or one article; POST stores the comment."""
    page = _live_consultation(page_id)
    now = timezone.now()
    if not rules.is_accepting_comments(opens_at=page.opens_at, closes_at=page.closes_at, now=now):
        return _refused(request, page, window_message(page, now))
    if request.method == "POST":
        form = CommentForm(request.POST, request.FILES, consultation=page)
        if form.is_valid():
            data = form.cleaned_data
            try:
                comment = comment_submit(
                    consultation=page,
                    article_key=data["article"],
                    name=data["name"],
                    kind=data["kind"],
                    contact=data["contact"],
                    text=data["text"],
                    attachment=data["attachment"],
                    privacy_accepted=data["privacy"],
                )
            except RuleViolation as refusal:
                # E.g. the window closed while the person was typing: the text stays on screen.
                _show_refusal(form, refusal)
                status = 400
            except SAVE_FAILURES:
                # Not stored: say so and give the typed text back rather than a bare 500.
                form.add_error(None, save_failed_message(had_files=bool(request.FILES)))
                status = SAVE_FAILED_STATUS
            else:
                token = signing.dumps(comment.pk, salt=RECEIPT_SALT)
                return redirect(reverse("consultation:receipt", args=[token]))
        else:
            status = 400
        form.refresh_captcha()
    else:
        form = CommentForm(consultation=page, initial={"article": request.GET.get("article", "")})
        status = 200
    selected = article_by_key(page, form["article"].value() or "")
    return render(
        request,
        "consultation/comment_form.html",
        {
            "consultation": page,
            "form": form,
            "article": selected,
            "privacy_notice": PRIVACY_NOTICE,
            "countdown": rules.countdown(closes_at=page.closes_at, now=now),
        },
        status=status,
    )


@never_cache
def receipt(request: HttpRequest, token: str) -> HttpResponse:
    """The receipt page; its URL is signed so receipts cannot be enumerated."""
    try:
        pk = signing.loads(token, salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE_SECONDS)
    except signing.BadSignature:
        raise Http404("回执链接无效或已过期") from None
    comment = Comment.objects.select_related("consultation").filter(pk=pk).first()
    if comment is None:
        raise Http404("回执不存在")
    return render(request, "consultation/receipt.html", {"comment": comment})
