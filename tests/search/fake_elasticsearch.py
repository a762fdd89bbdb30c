"""A loopback stand-in for Elasticsearch: records every request, answers like a real cluster."""

import json
import re

from werkzeug import Request, Response

HEADERS = {"X-Elastic-Product": "Elasticsearch", "Content-Type": "application/json"}


class FakeElasticsearch:
    def __init__(self, httpserver, search_response: dict | None = None) -> None:
        self.requests: list[dict] = []
        self.aliases: dict[str, str] = {}
        self.search_response = search_response or empty_search_response()
        self.doc_count = 7  # what _termvectors reports: every term in one of seven documents
        httpserver.expect_request(re.compile(".*")).respond_with_handler(self.handle)

    def handle(self, request: Request) -> Response:
        body = request.get_data(as_text=True)
        self.requests.append(
            {
                "method": request.method,
                "path": request.path,
                "query": request.args.to_dict(),
                "body": body,
            }
        )
        path = request.path
        if request.method == "HEAD" and path.startswith("/_alias/"):
            return Response(
                "", status=200 if path.split("/")[-1] in self.aliases else 404, headers=HEADERS
            )
        if path == "/_bulk":
            lines = [json.loads(line) for line in body.splitlines() if line]
            items = [
                {next(iter(action)): {"_id": action[next(iter(action))]["_id"], "status": 201}}
                for action in lines
                if next(iter(action)) in {"index", "delete"}
            ]
            return _json({"took": 3, "errors": False, "items": items})
        if re.fullmatch(r"/[^/]+/_alias/[^/]+", path) and request.method == "PUT":
            index, _, alias = path.strip("/").split("/")
            self.aliases[alias] = index
            return _json({"acknowledged": True})
        if path.startswith("/_alias/") and request.method == "GET":
            alias = path.split("/")[-1]
            if alias not in self.aliases:
                return _json({"error": "alias missing", "status": 404}, status=404)
            return _json({self.aliases[alias]: {"aliases": {alias: {}}}})
        if path == "/_aliases":
            for action in json.loads(body)["actions"]:
                if "add" in action:
                    self.aliases[action["add"]["alias"]] = action["add"]["index"]
            return _json({"acknowledged": True})
        if path.endswith("/_search"):
            return _json(self.search_response)
        if path.endswith("/_msearch"):  # header and body lines alternate; no hits for any
            searches = [line for line in body.splitlines() if line][1::2]
            empty = empty_search_response()
            del empty["aggregations"]
            return _json({"took": 1, "responses": [{**empty, "status": 200} for _ in searches]})
        if path.endswith("/_termvectors"):
            return _json(self.term_vectors(json.loads(body)))
        if path.endswith("/_refresh"):
            return _json({"_shards": {"total": 1, "successful": 1, "failed": 0}})
        if path.startswith("/_cluster/health"):
            return _json({"cluster_name": "fake", "status": "green", "timed_out": False})
        if path.endswith("/_count"):
            return _json({"count": 1, "_shards": {"total": 1, "successful": 1, "failed": 0}})
        if request.method in {"PUT", "DELETE"}:
            return _json(
                {"acknowledged": True, "shards_acknowledged": True, "index": path.strip("/")}
            )
        if path == "/":
            return _json(
                {
                    "name": "fake",
                    "cluster_name": "fake",
                    "version": {"number": "8.15.0"},
                    "tagline": "You Know, for Search",
                }
            )
        return _json({"error": f"unexpected {request.method} {path}"}, status=400)

    def term_vectors(self, request: dict) -> dict:
        vectors = {}
        for field, text in request["doc"].items():
            terms = {term: {"doc_freq": 1, "ttf": 1, "term_freq": 1} for term in text.split()}
            statistics = {"sum_doc_freq": len(terms), "doc_count": self.doc_count, "sum_ttf": 1}
            vectors[field] = {"field_statistics": statistics, "terms": terms}
        return {"_index": "test-content-1", "found": True, "took": 1, "term_vectors": vectors}

    def of(self, method: str, pattern: str) -> list[dict]:
        return [
            r for r in self.requests if r["method"] == method and re.fullmatch(pattern, r["path"])
        ]


def _json(data: dict, status: int = 200) -> Response:
    return Response(json.dumps(data, ensure_ascii=False), status=status, headers=HEADERS)


def empty_search_response() -> dict:
    return {
        "took": 2,
        "timed_out": False,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": {"total": {"value": 0, "relation": "eq"}, "max_score": None, "hits": []},
        "aggregations": {
            key: {"doc_count_error_upper_bound": 0, "sum_other_doc_count": 0, "buckets": []}
            for key in ["type", "authority", "year", "validity", "topic"]
        },
    }
