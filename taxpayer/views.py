"""Public pages of 纳税服务: file a 诉求, track it and download its 收件回执, book and change an
appointment, rate a closed matter, and the monthly statistics.

A taxpayer proves who he is with the number and the code he was given once (查询码 for matters,
预约码 for appointments); the browser session then remembers the record he opened. Wrong pairs get
one generic message and are throttled per IP, like 依申请公开 tracking.
"""

from datetime import date
from urllib.parse import quote

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from disclosure.satisfaction import answered_request, tracked_answered_request
from portal.antiabuse import rate_limit
from portal.outage import SAVE_FAILED_STATUS, SAVE_FAILURES, save_failed_message
from taxpayer import codes, rules, selectors, statistics
from taxpayer.forms import (
    AppealForm,
    AppointmentLookupForm,
    BookingForm,
    CancelAppointmentForm,
    DisclosureRatingForm,
    RatingForm,
    RescheduleForm,
    TrackForm,
)
from taxpayer.models import (
    Appointment,
    AppointmentProposal,
    AppointmentStatus,
    Matter,
    MatterKind,
    ProposalStatus,
    RatedKind,
    Rating,
    ServiceHall,
)
from taxpayer.privacy import client_ip, privacy_notice
from taxpayer.receipts import receipt_pdf
from taxpayer.services import appointments as appointment_services
from taxpayer.services import matters as matter_services
from taxpayer.services import ratings as rating_services

RECEIPTS = "taxpayer_receipts"  # numbers this browser just filed, with the code shown once
TRACKED = "taxpayer_tracked"  # pk of the matter this browser opened with its 查询码
APPOINTMENT = "taxpayer_appointment"  # pk of the appointment opened with its 预约码
FAILURE_LIMIT = 5
FAILURE_WINDOW = 15 * 60
WRONG_PAIR = "编号或查询码不正确，请核对后重试。"
WRONG_APPOINTMENT = "预约编号或预约码不正确，请核对后重试。"


def _attach(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _throttled(request: HttpRequest, scope: str) -> bool:
    return cache.get(f"taxpayer:{scope}:{client_ip(request)}", 0) >= FAILURE_LIMIT


def _failed(request: HttpRequest, scope: str) -> None:
    key = f"taxpayer:{scope}:{client_ip(request)}"
    cache.set(key, cache.get(key, 0) + 1, FAILURE_WINDOW)


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/rate_limited.html",
        {"retry_hint": "查询失败次数过多，请15分钟后再试。"},
        status=429,
    )


# ---------------------------------------------------------------------------------------------
# 诉求


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit("taxpayer-appeal", "10/h")
def appeal(request: HttpRequest) -> HttpResponse:
    """The 税务网站 channel of seed 002: categories and registered content as the seed lists."""
    form = AppealForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                matter = matter_services.matter_register(
                    kind=MatterKind.APPEAL,
                    channel=rules.WEB_CHANNEL,
                    taxpayer_name=data["taxpayer_name"],
                    taxpayer_id=data["taxpayer_id"],
                    phone=data["phone"],
                    email=data["email"],
                    category=data["category"],
                    content=data["content"],
                    attachment=data.get("attachment"),
                    submission_token=data.get("submission_token"),
                    consent=data["consent"],
                    ip=client_ip(request),
                )
            except ValidationError as exc:
                _attach(form, exc)
            except SAVE_FAILURES:
                form.add_error(None, save_failed_message(had_files=bool(request.FILES)))
                status = SAVE_FAILED_STATUS
            else:
                receipts = request.session.get(RECEIPTS, {})
                if matter.number not in receipts:
                    receipts[matter.number] = matter.tracking_code or ""
                request.session[RECEIPTS] = dict(list(receipts.items())[-20:])
                return redirect("taxpayer:appeal_receipt", number=matter.number)
        form.refresh_captcha()
        if request.FILES:
            messages.warning(request, "出于安全考虑，附件需要重新选择。")
    return render(
        request,
        "taxpayer/appeal.html",
        {"form": form, "privacy_notice": privacy_notice(), "rules": rules},
        status=status,
    )


@never_cache
def appeal_receipt(request: HttpRequest, number: str) -> HttpResponse:
    """After filing: the number, the 查询码 (first view only) and the 收件回执."""
    receipts = request.session.get(RECEIPTS, {})
    if number not in receipts:
        raise Http404("回执不存在。")
    matter = get_object_or_404(Matter, number=number)
    code = receipts[number]
    if code:
        receipts[number] = ""
        request.session[RECEIPTS] = receipts
    return render(
        request, "taxpayer/appeal_receipt.html", {"matter": matter, "code": code, "rules": rules}
    )


@never_cache
def receipt_download(request: HttpRequest, number: str) -> HttpResponse:
    """The 收件回执 PDF for a matter this browser filed or opened with its 查询码."""
    tracked = request.session.get(TRACKED)
    matter = get_object_or_404(Matter, number=number)
    if number not in request.session.get(RECEIPTS, {}) and tracked != matter.pk:
        raise Http404("请先凭编号和查询码查询。")
    response = HttpResponse(receipt_pdf(matter), content_type="application/pdf")
    filename = f"{matter.number}-收件回执.pdf"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit("taxpayer-track", "60/h")
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST or None)
    if request.method == "POST":
        if _throttled(request, "track"):
            return _too_many(request)
        if form.is_valid():
            matter = Matter.objects.filter(number=form.cleaned_data["number"]).first()
            if matter is not None and codes.code_matches(
                form.cleaned_data["code"], matter.tracking_code_hash, purpose="tracking"
            ):
                request.session[TRACKED] = matter.pk
                return redirect("taxpayer:status")
            _failed(request, "track")
            form.add_error(None, WRONG_PAIR)
        form.refresh_captcha()
    return render(request, "taxpayer/track.html", {"form": form})


def _tracked_matter(request: HttpRequest) -> Matter | None:
    pk = request.session.get(TRACKED)
    return Matter.objects.filter(pk=pk).first() if pk else None


def _rating_of(kind: str, number: str) -> Rating | None:
    return Rating.objects.filter(rated_kind=kind, rated_number=number).first()


@never_cache
def status(request: HttpRequest) -> HttpResponse:
    matter = _tracked_matter(request)
    if matter is None:
        return redirect("taxpayer:track")
    kind = RatedKind.APPEAL if matter.is_appeal else RatedKind.FIRST_CONTACT
    rating = _rating_of(kind, matter.number)
    rateable = rating is None and matter.status in rating_services.RATEABLE_MATTER_STATUSES
    return render(
        request,
        "taxpayer/status.html",
        {
            "matter": matter,
            "timeline": selectors.public_timeline(matter),
            "rating": rating,
            "rating_form": RatingForm() if rateable else None,
            "rules": rules,
        },
    )


def _rated(request: HttpRequest, submit, **record) -> tuple[RatingForm, bool]:
    """Parse a rating form and submit it for `record`; (the form, whether it was stored)."""
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            submit(**record, level=form.cleaned_data["level"], comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, "感谢您的评价。")
            return form, True
    form.refresh_captcha()
    return form, False


@never_cache
@require_POST
@rate_limit("taxpayer-rate", "20/h")
def rate_matter(request: HttpRequest) -> HttpResponse:
    matter = _tracked_matter(request)
    if matter is None:
        return redirect("taxpayer:track")
    form, stored = _rated(request, rating_services.rating_submit_matter, matter=matter)
    if stored:
        return redirect("taxpayer:status")
    return render(
        request,
        "taxpayer/status.html",
        {
            "matter": matter,
            "timeline": selectors.public_timeline(matter),
            "rating": None,
            "rating_form": form,
            "rules": rules,
        },
        status=400,
    )


# ---------------------------------------------------------------------------------------------
# 办税预约


def _date_param(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _slot_choices(hall: ServiceHall | None, day: date | None) -> list[tuple[str, str]]:
    if hall is None or day is None:
        return []
    return [
        (
            slot.value,
            f"{slot.label}（余{slot.left}个）" if slot.left > 0 else f"{slot.label}（已约满）",
        )
        for slot in selectors.free_slots(hall, day)
    ]


def _hall_param(value) -> ServiceHall | None:
    try:
        return ServiceHall.objects.filter(pk=int(value), active=True).first()
    except (TypeError, ValueError):
        return None


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit("taxpayer-book", "10/h")
def book(request: HttpRequest) -> HttpResponse:
    """Choose a hall and a working day (GET shows the free slots), then book one slot."""
    source = request.POST if request.method == "POST" else request.GET
    hall = _hall_param(source.get("hall_id"))
    day = _date_param(source.get("day"))
    choices = _slot_choices(hall, day)
    if request.method == "POST":
        form = BookingForm(request.POST, slot_choices=choices)
        if form.is_valid():
            data = form.cleaned_data
            try:
                appointment = appointment_services.appointment_book(
                    hall_id=data["hall_id"],
                    day=data["day"],
                    starts_at=data["starts_at"],
                    subject=data["subject"],
                    guide_id=data["guide_id"],
                    question=data["question"],
                    taxpayer_name=data["taxpayer_name"],
                    phone=data["phone"],
                    email=data["email"],
                    submission_token=data.get("submission_token"),
                    consent=data["consent"],
                    ip=client_ip(request),
                )
            except ValidationError as exc:
                _attach(form, exc)
            else:
                request.session[APPOINTMENT] = appointment.pk
                if appointment.confirmation_code:
                    request.session["taxpayer_booking_code"] = appointment.confirmation_code
                return redirect("taxpayer:booked")
        form.refresh_captcha()
    else:
        initial = {"hall_id": hall.pk if hall else None, "day": day}
        form = BookingForm(initial=initial, slot_choices=choices)
    return render(
        request,
        "taxpayer/book.html",
        {
            "form": form,
            "halls": selectors.public_halls(),
            "hall": hall,
            "day": day,
            "slots_shown": bool(choices),
            "day_closed": hall is not None and day is not None and not choices,
            "privacy_notice": privacy_notice(),
            "rules": rules,
        },
    )


@never_cache
def booked(request: HttpRequest) -> HttpResponse:
    appointment = _session_appointment(request)
    if appointment is None:
        return redirect("taxpayer:appointment")
    code = request.session.pop("taxpayer_booking_code", None)
    return render(request, "taxpayer/booked.html", {"appointment": appointment, "code": code})


def _session_appointment(request: HttpRequest) -> Appointment | None:
    pk = request.session.get(APPOINTMENT)
    return Appointment.objects.select_related("hall").filter(pk=pk).first() if pk else None


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit("taxpayer-appointment", "60/h")
def appointment(request: HttpRequest) -> HttpResponse:
    """Open an appointment with 预约编号 + 预约码 to change, cancel or rate it."""
    form = AppointmentLookupForm(request.POST or None)
    if request.method == "POST":
        if _throttled(request, "appointment"):
            return _too_many(request)
        if form.is_valid():
            found = Appointment.objects.filter(number=form.cleaned_data["number"]).first()
            if found is not None and codes.code_matches(
                form.cleaned_data["code"], found.code_hash, purpose="appointment"
            ):
                request.session[APPOINTMENT] = found.pk
                return redirect("taxpayer:manage")
            _failed(request, "appointment")
            form.add_error(None, WRONG_APPOINTMENT)
        form.refresh_captcha()
    return render(request, "taxpayer/appointment_lookup.html", {"form": form})


def _manage_context(request: HttpRequest, appointment: Appointment, **forms) -> dict:
    day = _date_param(request.GET.get("day")) or appointment.date
    rating = _rating_of(RatedKind.APPOINTMENT, appointment.number)
    rateable = rating is None and appointment.status == AppointmentStatus.SERVED
    return {
        "appointment": appointment,
        "when": appointment_services.when(appointment),
        "proposals": appointment.proposals.filter(status=ProposalStatus.PENDING),
        "events": appointment.events.all(),
        "reschedule_form": forms.get("reschedule")
        or RescheduleForm(initial={"day": day}, slot_choices=_slot_choices(appointment.hall, day)),
        "reschedule_day": day,
        "cancel_form": forms.get("cancel") or CancelAppointmentForm(),
        "rating": rating,
        "rating_form": forms.get("rating") or (RatingForm() if rateable else None),
        "active": appointment.status == AppointmentStatus.BOOKED,
        "rules": rules,
    }


@never_cache
def manage(request: HttpRequest) -> HttpResponse:
    appointment = _session_appointment(request)
    if appointment is None:
        return redirect("taxpayer:appointment")
    return render(request, "taxpayer/manage.html", _manage_context(request, appointment))


def _manage_error(request, appointment, **forms) -> HttpResponse:
    context = _manage_context(request, appointment, **forms)
    return render(request, "taxpayer/manage.html", context, status=400)


@never_cache
@require_POST
def reschedule(request: HttpRequest) -> HttpResponse:
    appointment = _session_appointment(request)
    if appointment is None:
        return redirect("taxpayer:appointment")
    day = _date_param(request.POST.get("day"))
    form = RescheduleForm(request.POST, slot_choices=_slot_choices(appointment.hall, day))
    if form.is_valid():
        try:
            appointment_services.appointment_reschedule(
                appointment=appointment,
                day=form.cleaned_data["day"],
                starts_at=form.cleaned_data["starts_at"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, "改约成功。")
            return redirect("taxpayer:manage")
    return _manage_error(request, appointment, reschedule=form)


@never_cache
@require_POST
def cancel(request: HttpRequest) -> HttpResponse:
    appointment = _session_appointment(request)
    if appointment is None:
        return redirect("taxpayer:appointment")
    form = CancelAppointmentForm(request.POST)
    if form.is_valid():
        try:
            appointment_services.appointment_cancel(
                appointment=appointment, reason=form.cleaned_data["reason"], ip=client_ip(request)
            )
        except ValidationError as exc:
            _attach(form, exc)
        else:
            messages.success(request, "预约已取消。")
            return redirect("taxpayer:manage")
    return _manage_error(request, appointment, cancel=form)


@never_cache
@require_POST
def answer_proposal(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    appointment = _session_appointment(request)
    if appointment is None:
        return redirect("taxpayer:appointment")
    proposal = get_object_or_404(AppointmentProposal, pk=pk, appointment=appointment)
    service = {
        "accept": appointment_services.proposal_accept,
        "decline": appointment_services.proposal_decline,
    }.get(answer)
    if service is None:
        raise Http404
    try:
        service(proposal=proposal, ip=client_ip(request))
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(
            request, "已接受调整建议。" if answer == "accept" else "已谢绝，原预约不变。"
        )
    return redirect("taxpayer:manage")


@never_cache
@require_POST
@rate_limit("taxpayer-rate", "20/h")
def rate_appointment(request: HttpRequest) -> HttpResponse:
    appointment = _session_appointment(request)
    if appointment is None:
        return redirect("taxpayer:appointment")
    form, stored = _rated(
        request, rating_services.rating_submit_appointment, appointment=appointment
    )
    if stored:
        return redirect("taxpayer:manage")
    return _manage_error(request, appointment, rating=form)


# ---------------------------------------------------------------------------------------------
# 好差评 and statistics


@never_cache
@require_http_methods(["GET", "POST"])
@rate_limit("taxpayer-rate", "20/h")
def rate(request: HttpRequest) -> HttpResponse:
    """Where to rate: matters and appointments from their own pages; a disclosure request here,
    with 申请编号 + 查询码 or the request this browser just tracked."""
    tracked = tracked_answered_request(request.session)
    if tracked is not None and _rating_of(RatedKind.DISCLOSURE, tracked.number):
        tracked = None
    form = DisclosureRatingForm(request.POST or None)
    if request.method == "POST":
        if _throttled(request, "rate"):
            return _too_many(request)
        if form.is_valid():
            data = form.cleaned_data
            found = tracked if tracked and not data["number"] else None
            if found is None:
                found = answered_request(data["number"], data["code"])
            if found is None:
                _failed(request, "rate")
                form.add_error(None, "申请编号或查询码不正确，或该申请尚未答复。")
            else:
                try:
                    rating_services.rating_submit_disclosure(
                        request=found, level=data["level"], comment=data["comment"]
                    )
                except ValidationError as exc:
                    _attach(form, exc)
                else:
                    messages.success(request, f"感谢您对申请 {found.number} 的评价。")
                    return redirect("taxpayer:rate")
        form.refresh_captcha()
    return render(
        request,
        "taxpayer/rate.html",
        {"form": form, "tracked": tracked, "levels": rules.RATING_LEVELS, "rules": rules},
        status=400 if form.errors else 200,
    )


def public_statistics(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    since = date(today.year - 1, today.month, 1)
    return render(
        request,
        "taxpayer/statistics.html",
        {
            "months": [figures.as_row() for figures in statistics.public_monthly(since)],
            "since": since,
            "rules": rules,
            "track_url": reverse("taxpayer:track"),
        },
    )
