"""Public 机构职能 page: the one record of units, their functions and contacts."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lists.selectors import units


@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    return render(request, "lists/unit_list.html", {"units": units()})
