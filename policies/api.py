"""Open data: the policy library as JSON (`/api/policies/`) for re-use by anyone."""

from django.core.paginator import Paginator
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from policies.models import PolicyDocumentPage
from policies.selectors import cited_documents, citing_pages, live_documents, policy_list
from portal.filtering import safe_id

PAGE_SIZE = 20


def _absolute(request: HttpRequest, page) -> str:
    return request.build_absolute_uri(page.url) if page.url else ""


def serialize_document(
    request: HttpRequest, doc: PolicyDocumentPage, *, full: bool = False
) -> dict:
    data = {
        "id": doc.pk,
        "title": doc.title,
        "doc_number": doc.doc_number,
        "index_number": doc.index_number,
        "authorities": [a.name for a in doc.authorities.all()],
        "written_date": doc.written_date and doc.written_date.isoformat(),
        "publish_date": doc.publish_date and doc.publish_date.isoformat(),
        "effective_date": doc.effective_date and doc.effective_date.isoformat(),
        "level": doc.get_level_display(),
        "validity": doc.get_validity_display(),
        "validity_note": doc.validity_note,
        "topic": doc.get_topic_display(),
        "url": _absolute(request, doc),
    }
    if full:
        data["summary"] = doc.summary
        data["interpretations"] = [
            {
                "id": i.pk,
                "title": i.title,
                "kind": i.get_kind_display(),
                "url": _absolute(request, i),
            }
            for i in doc.interpretations.live().public()
        ]
        data["cites"] = [
            {
                "doc_number": c.number,
                "id": c.document.pk if c.document else None,
                "title": c.document.title if c.document else None,
                "validity": c.document.get_validity_display() if c.document else None,
            }
            for c in cited_documents(doc)
        ]
        data["cited_by"] = [
            {"id": p.pk, "title": p.title, "url": _absolute(request, p)} for p in citing_pages(doc)
        ]
        data["validity_history"] = [
            {
                "changed_on": ch.changed_on and ch.changed_on.isoformat(),
                "validity": ch.get_validity_display(),
                "caused_by": ch.caused_by.doc_number or ch.caused_by.title
                if ch.caused_by
                else None,
            }
            for ch in doc.validity_changes.select_related("caused_by")
        ]
    return data


@require_GET
def policy_list_api(request: HttpRequest) -> JsonResponse:
    found = policy_list(request.GET)
    if found.errors:
        return JsonResponse({"error": "；".join(found.errors)}, status=400)
    raw_page = request.GET.get("page", "1")
    if not raw_page.isdigit() or int(raw_page) < 1:
        return JsonResponse({"error": "page 参数必须是正整数"}, status=400)
    paginator = Paginator(found.queryset, PAGE_SIZE)
    page = paginator.get_page(int(raw_page))
    return JsonResponse(
        {
            "total": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "filters": found.filters,
            "results": [serialize_document(request, d) for d in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def policy_detail_api(request: HttpRequest, pk: int) -> JsonResponse:
    doc = live_documents().filter(pk=pk).first() if safe_id(pk) is not None else None
    if doc is None:
        return JsonResponse({"error": "未找到该文件"}, status=404)
    return JsonResponse(
        serialize_document(request, doc, full=True), json_dumps_params={"ensure_ascii": False}
    )
