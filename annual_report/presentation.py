"""What every rendering of a report (page, PDF, admin review) shows besides the narrative."""

from decimal import Decimal

from annual_report.grids import appeals_grid, applications_grid, proactive_grid


def fee_sentence(figures: dict) -> str:
    """Section 六's automatic line on information-processing fees (国办函〔2020〕109号)."""
    fees = figures.get("fees", {})
    amount = Decimal(fees.get("amount") or "0")
    if not amount:
        return "本年度未收取政府信息公开信息处理费。"
    return (
        f"本年度依据《政府信息公开信息处理费管理办法》收取信息处理费 {amount:,.2f} 元，"
        f"涉及政府信息公开申请 {fees.get('requests', 0)} 件。"
    )


def report_context(page) -> dict:
    figures = page.report_figures()
    return {
        "grids": {
            "proactive": proactive_grid(figures),
            "applications": applications_grid(figures),
            "appeals": appeals_grid(figures),
        },
        "fee_sentence": fee_sentence(figures),
    }
