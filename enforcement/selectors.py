"""Public reads of the 第二十条 rows: only published (live) rows, only within their 公示期限."""

from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from enforcement.filters import DecisionFilter, FeeFilter
from enforcement.models import EnforcementDecision, FeeItem
from enforcement.rules import KIND_CHOICES, PARTY_CHOICES
from portal.filtering import apply_filters, safe_id


def public_decisions() -> QuerySet[EnforcementDecision]:
    """Live decisions still in their 公示期限 (Beijing date), newest first."""
    today = timezone.localdate()
    return (
        EnforcementDecision.objects.filter(live=True)
        .filter(Q(publicity_until__isnull=True) | Q(publicity_until__gte=today))
        .select_related("unit")
        .order_by("-decided_on", "-pk")
    )


def public_fees() -> QuerySet[FeeItem]:
    """Live fee items, newest year first."""
    return FeeItem.objects.filter(live=True).select_related("unit").order_by("-year", "name")


PUBLIC_ROWS = {"decisions": public_decisions, "fees": public_fees}
FILTERS = {"decisions": DecisionFilter, "fees": FeeFilter}


def _years(kind: str) -> list[int]:
    rows = PUBLIC_ROWS[kind]()
    if kind == "decisions":
        years = {day.year for day in rows.dates("decided_on", "year")}
    else:
        years = set(rows.values_list("year", flat=True))
    return sorted(years, reverse=True)


def column_listing(kind: str, params: QueryDict | dict) -> dict:
    """The column's rows for the visitor's filters, the filters as understood, their errors and
    the choices the filter form offers."""
    found = apply_filters(FILTERS[kind], params, PUBLIC_ROWS[kind]())
    return {
        "rows": found.queryset,
        "filters": found.filters,
        "filter_errors": found.errors,
        "years": _years(kind),
        "kind_choices": KIND_CHOICES,
    }


def public_row(kind: str, pk) -> EnforcementDecision | FeeItem | None:
    number = safe_id(pk)
    if number is None:
        return None
    return PUBLIC_ROWS[kind]().filter(pk=number).first()


def decision_fields(decision: EnforcementDecision) -> list[tuple[str, str]]:
    """(label, value) of a decision as published: the person's name masked, no ID numbers."""
    party_types = dict(PARTY_CHOICES)
    return [
        ("索引号", decision.index_number),
        ("类别", decision.get_kind_display()),
        ("决定书文号", decision.document_number),
        ("当事人（行政相对人）", decision.public_party),
        ("当事人类型", party_types.get(decision.party_type, "")),
        ("统一社会信用代码", decision.credit_code or "—"),
        ("事项名称（案由）", decision.matter),
        ("依据", decision.basis),
        ("决定内容（结果）", decision.content),
        ("决定日期", decision.decided_on.isoformat()),
        ("作出决定机关", decision.unit.name if decision.unit else "—"),
        (
            "公示截止日期",
            decision.publicity_until.isoformat() if decision.publicity_until else "长期公示",
        ),
    ]


def fee_fields(fee: FeeItem) -> list[tuple[str, str]]:
    return [
        ("索引号", fee.index_number),
        ("年度", f"{fee.year}年"),
        ("收费项目名称", fee.name),
        ("依据文件", fee.basis),
        ("收费标准", fee.standard),
        ("本年收费金额（万元）", fee.amount_text),
        ("收费单位", fee.unit.name if fee.unit else "—"),
    ]


def row_fields(kind: str, row) -> list[tuple[str, str]]:
    return decision_fields(row) if kind == "decisions" else fee_fields(row)
