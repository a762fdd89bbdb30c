"""Staff pages in the Wagtail admin: the 诉求与首问台账, registration, each matter's closed loop,
the halls' day lists, 好差评 follow-up, the 延时服务 ledger and the statistics.

Views are thin: they check who may see a record (`permissions`), list the actions the
transition tables allow for this person, parse the action's form and call its service.
"""

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from lists.organisations import unit_ids_of_user
from portal.privatefiles import private_file_response
from portal.spreadsheets.exports import download_response, workbook_bytes
from taxpayer import forms as f
from taxpayer import permissions, privacy, selectors, statistics
from taxpayer.exports import ledger_workbook, statistics_workbook
from taxpayer.models import (
    Appointment,
    AuditLog,
    FollowUpStatus,
    Matter,
    OvertimeRecord,
    Rating,
    ServiceHall,
)
from taxpayer.receipts import receipt_pdf
from taxpayer.services import appointments as appointment_services
from taxpayer.services import matters as matter_services
from taxpayer.services import overtime as overtime_services
from taxpayer.transitions import (
    APPOINTMENT_TRANSITIONS,
    MATTER_TRANSITIONS,
    RATING_TRANSITIONS,
    available,
)


def _ip(request: HttpRequest) -> str | None:
    return privacy.client_ip(request)


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _xlsx(workbook, filename: str) -> HttpResponse:
    return download_response(workbook_bytes(workbook), filename)


# ---------------------------------------------------------------------------------------------
# The ledger


def _require_matter_staff(user) -> None:
    if not permissions.is_matter_staff(user):
        raise PermissionDenied("您没有查看诉求与首问台账的权限。")


def ledger(request: HttpRequest) -> HttpResponse:
    _require_matter_staff(request.user)
    today = timezone.localdate()
    form = f.LedgerFilterForm(request.GET or None)
    visible = selectors.matters_visible_to(request.user)
    queryset = visible.select_related("host_unit", "handler")
    if form.is_bound and form.is_valid():
        queryset = selectors.ledger_filter(queryset, form.cleaned_data, today)
    page = Paginator(queryset.order_by("-received_at", "-pk"), 50).get_page(request.GET.get("p"))
    for matter in page:
        matter.masked_phone = privacy.masked(matter.phone)
        matter.responsible = selectors.responsible(matter)
    return render(
        request,
        "taxpayer/admin/ledger.html",
        {
            "form": form,
            "page_obj": page,
            "today": today,
            "soon": selectors.due_soon(today),
            "warnings": selectors.matter_warnings(today, visible)[:30],
            "query": request.GET.urlencode(),
            "can_register": request.user.has_perm("taxpayer.add_matter"),
            "is_service": permissions.is_service(request.user),
        },
    )


def ledger_export(request: HttpRequest) -> HttpResponse:
    """The filtered ledger as XLSX, contacts masked; the export itself is audited."""
    _require_matter_staff(request.user)
    today = timezone.localdate()
    form = f.LedgerFilterForm(request.GET or None)
    queryset = selectors.matters_visible_to(request.user).select_related(
        "host_unit", "handler", "receiving_unit"
    )
    if form.is_bound and form.is_valid():
        queryset = selectors.ledger_filter(queryset, form.cleaned_data, today)
    privacy.audit(
        action="export",
        number="",
        user=request.user,
        ip=_ip(request),
        detail=request.GET.urlencode(),
    )
    return _xlsx(
        ledger_workbook(queryset.order_by("received_at", "pk"), today),
        f"诉求与首问台账-{today:%Y%m%d}.xlsx",
    )


def register(request: HttpRequest) -> HttpResponse:
    """Staff registration: a 诉求 from 12366, 12345 or elsewhere, or a 首问 matter."""
    if not request.user.has_perm("taxpayer.add_matter"):
        raise PermissionDenied("您没有登记诉求和首问事项的权限。")
    initial = {"received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
    units = unit_ids_of_user(request.user)
    if units:
        initial["receiving_unit_id"] = units[0]
    form = f.RegisterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        on_the_spot, answer = data.pop("on_the_spot"), data.pop("answer")
        try:
            matter = _register_and_answer(request, data, on_the_spot, answer)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                f"已登记 {matter.number}。查询码：{matter.tracking_code}"
                "（仅显示一次，请告知纳税人）。",
            )
            return redirect(reverse("taxpayer_admin:detail", args=[matter.pk]) + "?receipt=1")
    return render(request, "taxpayer/admin/register.html", {"form": form})


def _register_and_answer(request, data: dict, on_the_spot: bool, answer: str) -> Matter:
    from django.db import transaction

    with transaction.atomic():
        matter = matter_services.matter_register(
            **data, first_responder=request.user, ip=_ip(request)
        )
        if on_the_spot:
            code = matter.tracking_code
            matter = matter_services.matter_answer_on_spot(
                matter=matter, answer=answer, actor=request.user, ip=_ip(request)
            )
            matter.tracking_code = code
    return matter


def _visible_matter(request: HttpRequest, pk: int) -> Matter:
    _require_matter_staff(request.user)
    matter = get_object_or_404(Matter, pk=pk)
    if not permissions.can_view(request.user, matter):
        privacy.audit(action="denied", number=matter.number, user=request.user, ip=_ip(request))
        raise PermissionDenied("该事项未转交您或您所在的部门，无权查看。")
    return matter


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _visible_matter(request, pk)
    privacy.audit(action="view", number=matter.number, user=request.user, ip=_ip(request))
    return _render_detail(request, matter)


def _render_detail(request, matter: Matter, bound: dict | None = None, revealed=None, status=200):
    actions = []
    for transition in available(MATTER_TRANSITIONS, matter.kind, matter.status):
        if not permissions.may(request.user, transition.role, matter):
            continue
        form = (bound or {}).get(transition.name) or transition.form_class()(prefix=transition.name)
        actions.append((transition, form))
    today = timezone.localdate()
    contact = (bound or {}).get("contact") or f.ContactForm(prefix="contact")
    return render(
        request,
        "taxpayer/admin/detail.html",
        {
            "matter": matter,
            "events": matter.events.select_related("actor"),
            "actions": actions,
            "co_units": matter.co_units.all(),
            "responsible": selectors.responsible(matter),
            "overdue": matter.is_open and matter.step_due_on and matter.step_due_on < today,
            "pii": revealed
            or {
                "phone": privacy.masked(matter.phone),
                "email": privacy.masked_email(matter.email),
                "taxpayer_id": privacy.masked(matter.taxpayer_id),
            },
            "revealed": bool(revealed),
            "may_reveal": request.user.has_perm("taxpayer.reveal_pii_matter")
            and not matter.pii_purged_at,
            "contact_form": contact if revealed or bound else None,
            "show_receipt": request.GET.get("receipt") == "1",
            "audit": AuditLog.objects.filter(record_number=matter.number)[:30]
            if permissions.is_service(request.user)
            else [],
        },
        status=status,
    )


@require_POST
def action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    transition = MATTER_TRANSITIONS.get(name)
    if transition is None:
        raise Http404
    matter = _visible_matter(request, pk)
    form = transition.form_class()(request.POST, prefix=name)
    if form.is_valid():
        try:
            transition.service_function()(
                matter=matter, **form.cleaned_data, actor=request.user, ip=_ip(request)
            )
        except ValidationError as exc:
            _form_errors(form, exc)
            messages.error(request, f"{transition.label}未成功：{'；'.join(exc.messages)}")
        else:
            messages.success(request, f"已{transition.label}。")
            return redirect("taxpayer_admin:detail", pk=matter.pk)
    else:
        messages.error(request, f"{transition.label}未成功，请按提示修改。")
    return _render_detail(request, matter, bound={name: form}, status=400)


@require_POST
def reveal(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _visible_matter(request, pk)
    try:
        revealed = matter_services.matter_reveal_pii(
            matter=matter, user=request.user, ip=_ip(request)
        )
    except ValidationError as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    return _render_detail(request, matter, revealed=revealed)


@require_POST
def contact(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _visible_matter(request, pk)
    form = f.ContactForm(request.POST, prefix="contact")
    if form.is_valid():
        try:
            matter_services.matter_change_contact(
                matter=matter, **form.cleaned_data, user=request.user, ip=_ip(request)
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, "联系方式已修改。")
            return redirect("taxpayer_admin:detail", pk=matter.pk)
    return _render_detail(request, matter, bound={"contact": form}, status=400)


def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """The taxpayer's attachment, for staff who may see the matter; every download audited."""
    matter = _visible_matter(request, pk)
    if not matter.attachment:
        raise Http404("该事项没有附件。")
    privacy.audit(action="attachment", number=matter.number, user=request.user, ip=_ip(request))
    return private_file_response(
        matter.attachment,
        filename=matter.attachment_name or matter.attachment.name.rsplit("/", 1)[-1],
    )


def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    matter = _visible_matter(request, pk)
    privacy.audit(action="receipt", number=matter.number, user=request.user, ip=_ip(request))
    response = HttpResponse(receipt_pdf(matter), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{matter.number}.pdf"'
    return response


# ---------------------------------------------------------------------------------------------
# Statistics


def _require_service(user) -> None:
    if not permissions.is_service(user):
        raise PermissionDenied("统计分析仅纳税服务部门可以查看。")


def _period(request: HttpRequest) -> tuple[f.PeriodForm, date, date]:
    today = timezone.localdate()
    default_start = today.replace(day=1) - timedelta(days=180)
    form = f.PeriodForm(request.GET or None, initial={"start": default_start, "end": today})
    start, end = default_start, today
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return form, start, end


def statistics_view(request: HttpRequest) -> HttpResponse:
    _require_service(request.user)
    form, start, end = _period(request)
    today = timezone.localdate()
    return render(
        request,
        "taxpayer/admin/statistics.html",
        {
            "form": form,
            "analysis": statistics.analysis(start, end, today),
            "months": [m.as_row() for m in statistics.public_monthly(start)],
            "query": request.GET.urlencode(),
        },
    )


def statistics_export(request: HttpRequest) -> HttpResponse:
    _require_service(request.user)
    _, start, end = _period(request)
    today = timezone.localdate()
    workbook = statistics_workbook(
        statistics.analysis(start, end, today), statistics.public_monthly(start)
    )
    return _xlsx(workbook, f"纳税服务统计分析-{start:%Y%m%d}-{end:%Y%m%d}.xlsx")


# ---------------------------------------------------------------------------------------------
# Appointments


def _halls_of(user):
    halls = ServiceHall.objects.select_related("unit")
    if user.is_superuser or permissions.is_service(user):
        return halls
    return halls.filter(staff=user)


def _day_page(request, form, hall, day, booking=None, status=200) -> HttpResponse:
    return render(
        request,
        "taxpayer/admin/day.html",
        {
            "form": form,
            "booking": booking or f.StaffBookingForm(prefix="book", initial={"day": day}),
            "hall": hall,
            "day": day,
            "rows": selectors.day_list(hall, day) if hall else [],
            "peak": appointment_services.peak_period(hall, day) if hall else None,
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
        },
        status=status,
    )


def day_view(request: HttpRequest) -> HttpResponse:
    """One hall's day list: every slot, its appointments, 绿色通道 marked and listed first."""
    if not permissions.is_hall_staff(request.user):
        raise PermissionDenied("您没有查看办税预约的权限。")
    halls = _halls_of(request.user)
    today = timezone.localdate()
    form = f.DayForm(request.GET or None, initial={"day": today, "hall": halls.first()})
    form.fields["hall"].queryset = halls
    hall, day = halls.first(), today
    if form.is_bound and form.is_valid():
        hall, day = form.cleaned_data["hall"], form.cleaned_data["day"]
    return _day_page(request, form, hall, day)


@require_POST
def book_for_taxpayer(request: HttpRequest, hall_pk: int) -> HttpResponse:
    """The office books for a taxpayer on the phone; the 预约码 is shown once to pass on."""
    hall = get_object_or_404(ServiceHall, pk=hall_pk)
    if not permissions.is_hall_staff(request.user, hall):
        raise PermissionDenied("您不是该办税服务厅的工作人员。")
    booking = f.StaffBookingForm(request.POST, prefix="book")
    if booking.is_valid():
        try:
            appointment = appointment_services.appointment_book(
                hall_id=hall.pk, **booking.cleaned_data, office_actor=request.user, ip=_ip(request)
            )
        except ValidationError as exc:
            _form_errors(booking, exc)
        else:
            messages.success(
                request,
                f"已预约 {appointment.number}。预约码：{appointment.confirmation_code}"
                "（仅显示一次，请告知纳税人）。",
            )
            return redirect("taxpayer_admin:appointment", pk=appointment.pk)
    messages.error(request, "预约未成功，请按提示修改。")
    day = booking.cleaned_data.get("day") or timezone.localdate()
    form = f.DayForm(initial={"hall": hall, "day": day})
    form.fields["hall"].queryset = _halls_of(request.user)
    return _day_page(request, form, hall, day, booking=booking, status=400)


def _visible_appointment(request: HttpRequest, pk: int) -> Appointment:
    appointment = get_object_or_404(Appointment.objects.select_related("hall"), pk=pk)
    if not permissions.is_hall_staff(request.user, appointment.hall):
        raise PermissionDenied("该预约不属于您所在的办税服务厅。")
    return appointment


def _appointment_form(transition, appointment, data=None):
    form_class = transition.form_class()
    if form_class is f.AgreementForm:
        return form_class(data, prefix=transition.name, appointment=appointment)
    return form_class(data, prefix=transition.name)


def _render_appointment(request, appointment: Appointment, bound=None, revealed=None, status=200):
    actions = []
    for transition in available(APPOINTMENT_TRANSITIONS, "appointment", appointment.status):
        if transition.role != "hall":
            continue
        if (
            transition.name == "record_agreement"
            and not appointment.proposals.filter(status="pending").exists()
        ):
            continue
        form = (bound or {}).get(transition.name) or _appointment_form(transition, appointment)
        actions.append((transition, form))
    return render(
        request,
        "taxpayer/admin/appointment.html",
        {
            "appointment": appointment,
            "when": appointment_services.when(appointment),
            "actions": actions,
            "proposals": appointment.proposals.all(),
            "events": appointment.events.all(),
            "peak": appointment_services.peak_period(appointment.hall, appointment.date),
            "pii": revealed
            or {
                "phone": privacy.masked(appointment.phone),
                "email": privacy.masked_email(appointment.email),
            },
            "revealed": bool(revealed),
        },
        status=status,
    )


def appointment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_appointment(request, _visible_appointment(request, pk))


@require_POST
def appointment_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    transition = APPOINTMENT_TRANSITIONS.get(name)
    appointment = _visible_appointment(request, pk)
    if name == "cancel":
        messages.error(request, appointment_services.NO_UNILATERAL_CANCEL)
        return _render_appointment(request, appointment, status=400)
    if transition is None or transition.role != "hall":
        raise Http404
    form = _appointment_form(transition, appointment, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        record = {"proposal": data.pop("proposal")} if "proposal" in data else {}
        if not record:
            record = {"appointment": appointment}
        try:
            transition.service_function()(**record, **data, actor=request.user, ip=_ip(request))
        except ValidationError as exc:
            _form_errors(form, exc)
            messages.error(request, f"{transition.label}未成功：{'；'.join(exc.messages)}")
        else:
            messages.success(request, f"已{transition.label}。")
            return redirect("taxpayer_admin:appointment", pk=appointment.pk)
    else:
        messages.error(request, f"{transition.label}未成功，请按提示修改。")
    return _render_appointment(request, appointment, bound={name: form}, status=400)


@require_POST
def appointment_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = _visible_appointment(request, pk)
    try:
        revealed = appointment_services.appointment_reveal_pii(
            appointment=appointment, user=request.user, ip=_ip(request)
        )
    except ValidationError as exc:
        raise PermissionDenied(exc.messages[0]) from exc
    return _render_appointment(request, appointment, revealed=revealed)


# ---------------------------------------------------------------------------------------------
# 好差评


def _require_rating_staff(user) -> None:
    if not permissions.may(user, "rating", None):
        raise PermissionDenied("您没有处理好差评的权限。")


def ratings(request: HttpRequest) -> HttpResponse:
    _require_rating_staff(request.user)
    show = request.GET.get("show", "open")
    queryset = Rating.objects.select_related("unit", "handled_by")
    if show == "open":
        queryset = queryset.filter(follow_up__in=[FollowUpStatus.PENDING, FollowUpStatus.VERIFIED])
    elif show == "bad":
        queryset = queryset.exclude(follow_up=FollowUpStatus.NOT_NEEDED)
    page = Paginator(queryset, 50).get_page(request.GET.get("p"))
    return render(
        request,
        "taxpayer/admin/ratings.html",
        {"page_obj": page, "show": show, "today": timezone.localdate()},
    )


def _render_rating(request, rating: Rating, bound=None, status=200):
    actions = [
        (t, (bound or {}).get(t.name) or t.form_class()(prefix=t.name))
        for t in available(RATING_TRANSITIONS, "rating", rating.follow_up)
    ]
    return render(
        request,
        "taxpayer/admin/rating.html",
        {"rating": rating, "actions": actions, "today": timezone.localdate()},
        status=status,
    )


def rating_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_rating_staff(request.user)
    return _render_rating(request, get_object_or_404(Rating, pk=pk))


@require_POST
def rating_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    _require_rating_staff(request.user)
    transition = RATING_TRANSITIONS.get(name)
    if transition is None:
        raise Http404
    rating = get_object_or_404(Rating, pk=pk)
    form = transition.form_class()(request.POST, prefix=name)
    if form.is_valid():
        try:
            transition.service_function()(rating=rating, **form.cleaned_data, actor=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
            messages.error(request, f"{transition.label}未成功：{'；'.join(exc.messages)}")
        else:
            messages.success(request, f"已{transition.label}。")
            return redirect("taxpayer_admin:rating", pk=rating.pk)
    else:
        messages.error(request, f"{transition.label}未成功，请按提示修改。")
    return _render_rating(request, rating, bound={name: form}, status=400)


# ---------------------------------------------------------------------------------------------
# 延时服务


def overtime(request: HttpRequest) -> HttpResponse:
    if not permissions.is_hall_staff(request.user):
        raise PermissionDenied("您没有查看延时服务台账的权限。")
    record_form = f.OvertimeForm(prefix="overtime")
    leave_form = f.LeaveForm(prefix="leave")
    if request.method == "POST":
        kind = request.POST.get("kind")
        if kind == "overtime":
            record_form = f.OvertimeForm(request.POST, prefix="overtime")
            form, service = record_form, overtime_services.overtime_record
        elif kind == "leave":
            leave_form = f.LeaveForm(request.POST, prefix="leave")
            form, service = leave_form, overtime_services.leave_record
        else:
            raise Http404
        if form.is_valid():
            try:
                service(**form.cleaned_data, actor=request.user)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, "已登记。")
                return redirect("taxpayer_admin:overtime")
    return render(
        request,
        "taxpayer/admin/overtime.html",
        {
            "records": OvertimeRecord.objects.select_related("staff", "hall__unit")[:100],
            "totals": selectors.overtime_totals(),
            "record_form": record_form,
            "leave_form": leave_form,
        },
        status=400 if record_form.errors or leave_form.errors else 200,
    )
