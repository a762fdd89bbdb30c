"""Public search page and JSON API; both are thin callers of PolicySearch."""

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from search.query import FILTER_KEYS, PolicySearch, SearchInputError, SearchResults, suggest
from search.registry import content_type_labels
from search.segmentation import meaning_words

logger = logging.getLogger(__name__)
# Shown with an empty query (beside the newest documents) and when nothing was found.
SEARCH_TIPS = (
    "输入政策名称中的关键词，如“专项附加扣除”“小规模纳税人”。",
    "可直接输入发文字号，如“税总发〔2014〕59号”；只记得一部分也可以，如“税总发”“59号”。",
    "多个词之间用空格分开，结果须包含其中的主要词语；找不到时减少搜索词再试。",
    "可用日常说法，如“个税”会同时查找“个人所得税”。",
)


def _run(request: HttpRequest) -> tuple[PolicySearch | None, SearchResults | None, str]:
    filters = {key: request.GET.get(key, "") for key in FILTER_KEYS}
    try:
        search = PolicySearch(
            request.GET.get("q", ""),
            filters,
            request.GET.get("sort", "relevance") or "relevance",
            request.GET.get("page", "1") or "1",
        )
    except SearchInputError as error:
        return None, None, str(error)
    try:
        return search, search.execute(), ""
    except Exception:  # noqa: BLE001 - a down backend must not break the page
        logger.exception("Search backend failed")
        return search, SearchResults(unavailable=True), ""


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    search, results, error = _run(request)
    labels = content_type_labels()
    active = search.request.filters if search else {}
    facets = []
    if results and results.facets:
        for name, title in (
            ("type", "内容类型"),
            ("authority", "发文机关"),
            ("year", "年份"),
            ("validity", "有效性"),
            ("topic", "主题分类"),
        ):
            values = [
                {
                    "value": v,
                    "label": labels.get(v, v) if name == "type" else v,
                    "count": c,
                    "active": active.get(name) == v,
                    "query": _query_with(request, name, v),
                }
                for v, c in results.facets.get(name, {}).items()
            ]
            if values:
                facets.append(
                    {
                        "name": name,
                        "title": title,
                        "values": values,
                        "clear": _query_with(request, name, "") if name in active else "",
                    }
                )
    context = {
        "search_query": request.GET.get("q", "")[:200],
        "tips": SEARCH_TIPS,
        "narrower": _narrower_queries(search, results),
        "results": results,
        "error": error,
        "facets": facets,
        "type_labels": labels,
        "active_filters": active,
        "sort": request.GET.get("sort", "relevance"),
        "extra_query": _query_with(request, "page", ""),
        "items": _paginator_shim(results) if results else None,
        "clear_filters": "?q=" + request.GET.get("q", "")[:200],
    }
    status = 400 if error else 200
    return render(request, "search/search_page.html", context, status=status)


def _narrower_queries(search: PolicySearch | None, results: SearchResults | None) -> list[str]:
    """When a query of several words finds nothing, each word alone is offered as a search."""
    if not search or not results or results.total or results.unavailable:
        return []
    words = meaning_words(search.request.text)
    return words if len(words) > 1 else []


def _query_with(request: HttpRequest, key: str, value: str) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    if value:
        query[key] = value
    else:
        query.pop(key, None)
    return query.urlencode()


class _paginator_shim:  # noqa: N801 - mimics Django's Page for includes/pagination.html
    def __init__(self, results: SearchResults) -> None:
        self.number = results.page
        self.paginator = type("P", (), {"num_pages": results.pages, "count": results.total})()
        self.object_list = results.hits

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.paginator.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


@require_GET
def search_api(request: HttpRequest) -> JsonResponse:
    search, results, error = _run(request)
    if error:
        return JsonResponse({"error": error}, status=400, json_dumps_params={"ensure_ascii": False})
    if results.unavailable:
        return JsonResponse(
            {"error": "搜索服务暂时不可用，请稍后再试。"},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    extra = {"newest": True, "tips": list(SEARCH_TIPS)} if results.newest else {}
    return JsonResponse(
        {
            **extra,
            "total": results.total,
            "page": results.page,
            "results": [
                {
                    "title": hit.title,
                    "title_highlight": hit.title_highlight,
                    "url": hit.url,
                    "type": hit.type,
                    "doc_number": hit.doc_number,
                    "publish_date": hit.publish_date,
                    "validity": hit.validity,
                    "snippet": hit.snippet,
                }
                for hit in results.hits
            ],
            "facets": results.facets,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def suggest_api(request: HttpRequest) -> JsonResponse:
    query = request.GET.get("q", "")
    if len(query) > 200:
        return JsonResponse(
            {"error": "搜索词过长，请控制在 200 个字以内。"},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    try:
        items = suggest(query)
    except Exception:  # noqa: BLE001
        logger.exception("Suggest failed")
        items = []
    return JsonResponse(items, safe=False, json_dumps_params={"ensure_ascii": False})
