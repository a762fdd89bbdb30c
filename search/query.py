"""The one query class views and the API call; it never cares which backend answers."""

from dataclasses import dataclass, field

from search.authorities import canonical_authority
from search.registry import content_type_labels, read_doc_number
from search.segmentation import (
    doc_number_text,
    expand_synonyms,
    is_question,
    meaning_words,
    normalize,
    query_terms,
    required_word_count,
    title_key,
    word_grams,
)

MAX_QUERY_LENGTH = 200
PAGE_SIZE = 10
NEWEST_COUNT = 10  # an empty query shows this many newest documents beside the search tips
FILTER_KEYS = ("type", "authority", "year", "validity", "topic")
SORTS = ("relevance", "date")


class SearchInputError(ValueError):
    """Bad input, with a message fit to show the public."""


@dataclass
class SearchRequest:
    text: str
    terms: list[list[str]]  # each term with its synonyms
    doc_number: str  # canonical (or partial 〔年〕号 form) when the query is a document number
    filters: dict[str, str]
    sort: str
    page: int
    page_size: int = PAGE_SIZE
    # The short-query rule: a match holds the n-grams of at least `min_match` of these words,
    # each word given as alternatives (it and its synonyms), each alternative as n-grams.
    required: list[tuple[tuple[str, ...], ...]] = field(default_factory=list)
    min_match: int = 0
    title_key: str = ""  # a document whose title reduces to this is an exact-title match
    newest: bool = False  # no query and no filter: the newest few documents, not everything


@dataclass
class SearchHit:
    key: str
    title: str
    title_highlight: str
    url: str
    type: str
    doc_number: str
    publish_date: str | None
    validity: str
    snippet: str
    score: float = 0.0


@dataclass
class SearchResults:
    total: int = 0
    page: int = 1
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    unavailable: bool = False
    newest: bool = False

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


class PolicySearch:
    """Validates and normalises a public query, then asks the configured backend."""

    def __init__(
        self,
        query: str = "",
        filters: dict[str, str] | None = None,
        sort: str = "relevance",
        page: int | str = 1,
    ) -> None:
        self.request = self._build(query or "", filters or {}, sort or "relevance", page)

    @staticmethod
    def _build(query: str, filters: dict[str, str], sort: str, page: int | str) -> SearchRequest:
        text = query.strip()
        if len(text) > MAX_QUERY_LENGTH:
            raise SearchInputError(f"搜索词过长，请控制在 {MAX_QUERY_LENGTH} 个字以内。")
        if sort not in SORTS:
            raise SearchInputError("排序方式只能是“相关度”（relevance）或“日期”（date）。")
        try:
            page_number = int(page)
        except (TypeError, ValueError):
            raise SearchInputError("页码必须是正整数。") from None
        if page_number < 1 or page_number > 1000:
            raise SearchInputError("页码必须是 1 到 1000 之间的整数。")
        clean_filters: dict[str, str] = {}
        for key, value in filters.items():
            if key not in FILTER_KEYS or not value:
                continue
            value = str(value).strip()[:100]
            if key == "type" and value not in content_type_labels():
                raise SearchInputError(f"未知的内容类型：{value}")
            if key == "year" and not (value.isdigit() and 1900 <= int(value) <= 2100):
                raise SearchInputError(f"年份无效：{value}")
            if key == "authority":
                value = canonical_authority(value)
            clean_filters[key] = value
        terms = [list(expand_synonyms(term)) for term in query_terms(text)]
        words = meaning_words(text)
        required = [
            tuple(dict.fromkeys(word_grams(synonym) for synonym in expand_synonyms(word)))
            for word in words
        ]
        newest = not text and not clean_filters
        return SearchRequest(
            text=text,
            terms=terms,
            doc_number=read_doc_number(text),
            filters=clean_filters,
            sort=sort,
            page=1 if newest else page_number,
            page_size=NEWEST_COUNT if newest else PAGE_SIZE,
            required=required,
            min_match=0 if is_question(text) else required_word_count(len(words)),
            title_key=title_key(text),
            newest=newest,
        )

    def execute(self) -> SearchResults:
        from search.backends import get_backend

        results = get_backend().search(self.request)
        if self.request.newest:  # a short list of the newest, not a count of everything
            results.total = len(results.hits)
            results.newest = True
        return results


def suggest(prefix: str, limit: int = 8) -> list[dict[str, str]]:
    """Documents whose title or 发文字号 contains the text; `value` is what the search box
    takes when one is chosen: the full 发文字号 when the text is part of it, else the title."""
    from search.backends import get_backend

    prefix = (prefix or "").strip()[:MAX_QUERY_LENGTH]
    if not prefix:
        return []
    number = normalize(doc_number_text(prefix))
    return [
        {
            **item,
            "value": item["doc_number"]
            if item["doc_number"] and number in normalize(item["doc_number"])
            else item["title"],
        }
        for item in get_backend().suggest(prefix, limit)
    ]
