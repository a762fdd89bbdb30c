"""Reads for the annual report: the facts each section is computed from, and the checks."""

from annual_report.appeals import AppealFact, count_appeals
from annual_report.applications import LedgerRecordLike, classify_applications
from annual_report.checks import CheckFailure, check_figures, check_report
from annual_report.figures import compute_figures
from annual_report.proactive import (
    SECTION2_LEVELS,
    PolicyFact,
    count_policies,
    split_by_agency,
)
from disclosure.reporting import ledger_records
from enforcement.reporting import article20_figures, article20_rows
from lists.organisations import agency
from policies.reporting import PolicyRecord, policy_records, policy_records_by_id


def _policy_scope() -> tuple[list[PolicyFact], list[tuple[PolicyRecord, str]]]:
    records = policy_records(levels=[level for level, _ in SECTION2_LEVELS])
    facts = [
        PolicyFact(
            page_id=record.page_id,
            level=record.level,
            publish_date=record.publish_date or record.written_date,
            validity=record.validity,
            history=record.history,
        )
        for record in records
    ]
    own = agency()
    counted, excluded = split_by_agency(
        facts,
        {record.page_id: record.authorities for record in records},
        own.name if own else None,
    )
    by_id = {record.page_id: record for record in records}
    return counted, [(by_id[item.page_id], item.reason) for item in excluded]


def policy_facts() -> list[PolicyFact]:
    """Live 规章 and 行政规范性文件 issued by this agency, with their validity history."""
    return _policy_scope()[0]


def policy_exclusions() -> list[tuple[PolicyRecord, str]]:
    """The 规章 and 行政规范性文件 in the library that 表二 leaves out, each with the reason
    (another agency's document, no date, or no agency marked in 机构职能)."""
    return _policy_scope()[1]


def ledger() -> list[LedgerRecordLike]:
    """The request ledger as the disclosure app reports it (one record per request)."""
    return list(ledger_records())


def appeal_facts() -> list[AppealFact]:
    from annual_report.models import AppealCase

    return [
        AppealFact(
            case_id=case.pk,
            route=case.route,
            filed_on=case.filed_on,
            result=case.result,
            decided_on=case.decided_on,
        )
        for case in AppealCase.objects.all()
    ]


def article20(year: int) -> dict:
    """表二's 第二十条第（五）（六）（八）项 as the published enforcement lists count them."""
    counted = article20_figures(year)
    return {
        "licensing": counted.licensing,
        "penalty": counted.penalty,
        "coercion": counted.coercion,
        "fee_amount": f"{counted.fee_amount.normalize():f}",
        "fee_items": counted.fee_items,
    }


def current_figures(year: int) -> dict:
    """The figures of `year` computed from the portal's data as it is now."""
    return compute_figures(
        year=year,
        policies=policy_facts(),
        ledger=ledger(),
        appeals=appeal_facts(),
        article20=article20(year),
    )


def report_for_year(year: int, *, exclude_pk: int | None = None):
    from annual_report.models import AnnualReportPage

    queryset = AnnualReportPage.objects.filter(year=year)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset.first()


def report_failures(page, *, current: dict | None = None) -> list[CheckFailure]:
    """Every reason the page may not be published now; empty when it may."""
    if not page.figures:
        return [CheckFailure("no_draft", "尚未生成统计数字草稿。")]
    if current is None:
        current = current_figures(page.year)
    return check_report(draft=page.figures, current=current)


def draft_failures(page) -> list[CheckFailure]:
    """Arithmetic checks of the stored draft only (cheap, for the public page and downloads)."""
    return check_figures(page.report_figures())


def cell_requests(year: int, row: str, column: str) -> list[LedgerRecordLike]:
    """The requests counted in one cell of table 三, as the ledger holds them now."""
    records = ledger()
    cells = classify_applications(records, year).cells
    ids = cells.get(row, {}).get(column)
    if ids is None:
        raise KeyError((row, column))
    by_id = {record.request_id: record for record in records}
    return [by_id[request_id] for request_id in ids]


def cell_documents(year: int, level: str, measure: str) -> list[PolicyRecord]:
    """The policy documents counted in one cell of table 二."""
    ids = count_policies(policy_facts(), year).get(level, {}).get(measure)
    if ids is None:
        raise KeyError((level, measure))
    return policy_records_by_id(ids)


def cell_article20(year: int, measure: str, column: str) -> list:
    """The published 第二十条 rows counted in one cell of table 二."""
    if column != "list":
        raise KeyError((measure, column))
    return article20_rows(year, measure)


def cell_cases(year: int, route: str, result: str) -> list:
    """The reconsiderations or lawsuits counted in one cell of table 四."""
    from annual_report.models import AppealCase

    ids = count_appeals(appeal_facts(), year).get(route, {}).get(result)
    if ids is None:
        raise KeyError((route, result))
    cases = AppealCase.objects.select_related("request").in_bulk(ids)
    return [cases[case_id] for case_id in ids]
