"""征求意见 column: lists consultations open first, then closed, filterable by year and status.

The consultation pages and their rules live in the ``consultation`` app; this column only lists.
"""

from django.http import HttpRequest
from wagtail.models import Page

from cms.models.base import ColumnIndexPage, paginate


class ConsultationIndexPage(ColumnIndexPage):
    parent_page_types = ["cms.DisclosureIndexPage"]
    subpage_types: list[str] = ["consultation.ConsultationPage"]
    max_count = 1
    template = "consultation/consultation_index_page.html"

    class Meta:
        verbose_name = "征求意见栏目"

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from consultation.rules import STATUS_CHOICES
        from consultation.selectors import consultation_list, listing_years

        context = Page.get_context(self, request, *args, **kwargs)
        items, filters, errors = consultation_list(request.GET, parent=self)
        context["items"] = paginate(items, request)
        context["filters"] = filters
        context["filter_errors"] = errors
        context["filter_years"] = listing_years()
        context["filter_statuses"] = STATUS_CHOICES
        query = request.GET.copy()
        query.pop("page", None)
        context["extra_query"] = query.urlencode()
        return context
