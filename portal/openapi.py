"""OpenAPI 3 description of the open-data API (`/api/`), served at `/api/openapi.json`.

The description lives in the portal core as plain data (no imports of the apps that implement
the endpoints), so it can be read and linted on its own. tests/portal/test_openapi.py fuzzes every
operation with schemathesis against a live server: each response must match what is written here
and none may be a 5xx.
"""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "string", "description": "中文错误说明"}},
}
NULLABLE_STRING = {"type": "string", "nullable": True}
DATE = {"type": "string", "nullable": True, "description": "YYYY-MM-DD"}

POLICY_SUMMARY = {
    "type": "object",
    "required": ["id", "title", "doc_number", "url", "validity"],
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "doc_number": {"type": "string", "description": "发文字号"},
        "index_number": {"type": "string", "description": "索引号"},
        "authorities": {"type": "array", "items": {"type": "string"}},
        "written_date": DATE,
        "publish_date": DATE,
        "effective_date": DATE,
        "level": {"type": "string", "description": "效力级别"},
        "validity": {"type": "string", "description": "有效性"},
        "validity_note": {"type": "string"},
        "topic": {"type": "string", "description": "主题分类"},
        "url": {"type": "string"},
    },
}
POLICY_DETAIL = {
    "allOf": [
        POLICY_SUMMARY,
        {
            "type": "object",
            "required": ["summary", "interpretations", "cites", "cited_by", "validity_history"],
            "properties": {
                "summary": {"type": "string"},
                "interpretations": {"type": "array", "items": {"type": "object"}},
                "cites": {"type": "array", "items": {"type": "object"}},
                "cited_by": {"type": "array", "items": {"type": "object"}},
                "validity_history": {"type": "array", "items": {"type": "object"}},
            },
        },
    ]
}


def _query(name: str, description: str, **schema) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "string", **schema},
    }


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


SEARCH_FILTERS = [
    _query("type", "内容类型"),
    _query("authority", "发文机关"),
    _query("year", "发布年份"),
    _query("validity", "有效性"),
    _query("topic", "主题分类"),
]

SPEC = {
    "openapi": "3.0.3",
    "info": {
        "title": "政府信息公开门户开放数据接口",
        "version": "1.0",
        "description": "政策文件库与站内搜索的只读接口。所有接口只接受 GET，返回 UTF-8 JSON；"
        "参数错误返回 400 及中文说明。",
    },
    "paths": {
        "/api/policies/": {
            "get": {
                "operationId": "policyList",
                "summary": "政策文件列表（分页，每页 20 条）",
                "parameters": [
                    _query("doc_number", "发文字号，可省略机关代字"),
                    _query("authority", "发文机关名称"),
                    _query("year", "发布年份（1949–2100）"),
                    _query("validity", "有效性（代码或中文名称）"),
                    _query("topic", "主题分类（代码或中文名称，含下级分类）"),
                    _query("level", "效力级别（代码或中文名称）"),
                    _query("published_after", "发布日期不早于（YYYY-MM-DD）"),
                    _query("published_before", "发布日期不晚于（YYYY-MM-DD）"),
                    _query("page", "页码，正整数", default="1"),
                ],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["total", "page", "pages", "filters", "results"],
                            "properties": {
                                "total": {"type": "integer"},
                                "page": {"type": "integer"},
                                "pages": {"type": "integer"},
                                "filters": {"type": "object"},
                                "results": {"type": "array", "items": POLICY_SUMMARY},
                            },
                        },
                        "一页文件",
                    ),
                    "400": _json(ERROR, "参数错误"),
                },
            }
        },
        "/api/policies/{id}/": {
            "get": {
                "operationId": "policyDetail",
                "summary": "一件政策文件的详情，含解读、引用与有效性变化",
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 0},
                    }
                ],
                "responses": {
                    "200": _json(POLICY_DETAIL, "文件详情"),
                    "404": {"description": "没有该文件（超出范围的编号同样是 404）"},
                },
            }
        },
        "/api/search/": {
            "get": {
                "operationId": "search",
                "summary": "站内搜索（政策文件、解读、栏目页面）",
                "parameters": [
                    _query("q", "搜索词（不超过 200 字）"),
                    *SEARCH_FILTERS,
                    _query("sort", "排序：relevance 或 date", enum=["relevance", "date"]),
                    _query("page", "页码，正整数", default="1"),
                ],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["total", "page", "results", "facets"],
                            "properties": {
                                "newest": {
                                    "type": "boolean",
                                    "description": "无搜索词且无筛选时为 true：只列最新 10 条",
                                },
                                "tips": {"type": "array", "items": {"type": "string"}},
                                "total": {"type": "integer"},
                                "page": {"type": "integer"},
                                "results": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["title", "url"],
                                        "properties": {
                                            "title": {"type": "string"},
                                            "title_highlight": {"type": "string"},
                                            "url": {"type": "string"},
                                            "type": {"type": "string"},
                                            "doc_number": {"type": "string"},
                                            "publish_date": NULLABLE_STRING,
                                            "validity": {"type": "string"},
                                            "snippet": {"type": "string"},
                                        },
                                    },
                                },
                                "facets": {"type": "object"},
                            },
                        },
                        "一页结果与分面计数",
                    ),
                    "400": _json(ERROR, "参数错误"),
                    "503": _json(ERROR, "搜索服务暂时不可用"),
                },
            }
        },
        "/api/search/suggest/": {
            "get": {
                "operationId": "suggest",
                "summary": "搜索联想：标题或发文字号包含输入文字的文件（value：选中后填入的文字）",
                "parameters": [_query("q", "已输入的文字（不超过 200 字）")],
                "responses": {
                    "200": _json(
                        {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["title", "url", "doc_number", "value"],
                                "properties": {
                                    "title": {"type": "string"},
                                    "url": {"type": "string"},
                                    "doc_number": {"type": "string"},
                                    "value": {"type": "string"},
                                },
                            },
                        },
                        "联想条目",
                    ),
                    "400": _json(ERROR, "搜索词过长"),
                },
            }
        },
    },
}


@require_GET
@cache_control(max_age=3600, public=True)
def openapi_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(SPEC, json_dumps_params={"ensure_ascii": False})
