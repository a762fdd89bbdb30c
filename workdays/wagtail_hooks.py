"""Admin menu 工作日历: the holiday and make-up-day table and the years entered in full."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from workdays.models import CalendarOverride, CalendarYear


class CalendarOverrideViewSet(SnippetViewSet):
    model = CalendarOverride
    icon = "date"
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]


class CalendarYearViewSet(SnippetViewSet):
    model = CalendarYear
    icon = "date"
    list_display = ["year", "note"]


class WorkdaySnippets(SnippetViewSetGroup):
    menu_label = "工作日历"
    menu_icon = "date"
    menu_order = 265
    items = (CalendarOverrideViewSet, CalendarYearViewSet)


register_snippet(WorkdaySnippets)
