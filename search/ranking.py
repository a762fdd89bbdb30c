"""The last ranking step, shared by both backends: what BM25 over n-grams cannot see.

Each backend scores its best first-stage candidates with BM25 (search/backends/); `rerank` then
reorders those candidates the same way in both, from their titles and texts alone:

1. **Legal rank** (效力层级). Laws outrank judicial interpretations, which outrank regulations and
   lesser texts, when the words match about equally well: a citizen asking what the law says
   wants 法律 first. The rank is read from the title's form, which the legislation law fixes
   (立法法; 行政法规制定程序条例 第五条: 行政法规 are named 条例, 规定 or 办法; 法律 end in 法).
   Only 条例 reads as a regulation: a 行政法规 named 规定 or 办法 cannot be told from a 部门规章
   by its title, so both count as other texts (as do 细则 and the tax authorities' 公告).
2. **Source agreement.** Articles of one statute (titles `<statute> 第N条`) support each other: a
   candidate gains a share of the mean of its statute's best three candidate scores, so a question
   is answered from the statute that covers its subject rather than from stray articles of others.
   A document without an article number is its own source, which changes nothing.
3. **Neighbour agreement.** A statute's chapter treats one subject, so an article also gains a
   share of its best neighbour's score (up to NEIGHBOUR_WIDTH articles either side). This reaches
   the articles that answer without repeating the question's words: 本章没有规定的，适用保管合同
   的有关规定 closes the 仓储合同 chapter, 参照适用供用电合同 follows the 供电 articles.
4. **Word coverage** (top TOP_COVERAGE only). Among the leaders, one that holds more of the
   query's meaningful words wins; each word is weighted by how rare it is among the candidates,
   so a word every candidate holds decides nothing.

Before reranking, each backend widens its candidates as `expansion` asks (one more request):
the further matching articles of the best few statutes, so source agreement is not limited to the
first stage's picks, and the neighbours of the leading articles, matching or not, so neighbour
agreement can lift them.

发文字号 and exact-title matches keep their bonus on top of all this (`bonus`, added last).
Measured on STARD dev only (bench/search_quality.py; the test half is held out); the figures
and what each part gave are in the README (Search).
"""

import math
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from search.segmentation import meaning_words, word_grams

LEVEL_WEIGHTS = {
    "law": 1.4,
    "judicial": 1.15,
    "constitution": 1.0,
    "regulation": 1.0,
    "other": 0.9,
}
SOURCE_SHARE = 0.4
SOURCE_BEST = 3
NEIGHBOUR_SHARE = 0.1
NEIGHBOUR_WIDTH = 2
EXPAND_SOURCES = 3  # statutes whose further matching articles join the candidates ...
EXPAND_SOURCE_ARTICLES = 50  # ... at most this many each, best first-stage score first
EXPAND_LEADERS = 100  # leading candidates whose neighbours join the candidates
TOP_COVERAGE = 20
COVERAGE_WEIGHT = 1.0

_ARTICLE = re.compile(
    r"\s*第([零〇一二三四五六七八九十百千万\d]+)条(之[一二三四五六七八九十\d]+)?$"
)
_DIGITS = {digit: value for value, digit in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}


@dataclass
class Candidate:
    title: str
    text: str  # title and body, normalised (search.segmentation.normalize)
    score: float  # the backend's BM25, without bonus
    bonus: float = 0.0  # 发文字号 / exact-title bonus, added after reranking
    item: Any = None  # the backend's own record, carried through


@lru_cache(maxsize=16384)  # titles recur from query to query; a search reads each three times
def source_name(title: str) -> str:
    """The statute an article title belongs to (`<statute> 第N条` → `<statute>`), else the title."""
    return _ARTICLE.sub("", title.strip())


@lru_cache(maxsize=16384)
def legal_level(title: str) -> str:
    """The 效力层级 a title's form announces: law, judicial, constitution, regulation or other."""
    name = source_name(title)
    short = name.removeprefix("中华人民共和国")
    if short == "宪法":
        return "constitution"
    if name.startswith(("最高人民法院", "最高人民检察院")):
        return "judicial"
    if (short.endswith(("法", "法典")) and not short.endswith(("办法", "方法"))) or name.startswith(
        "全国人民代表大会"
    ):
        return "law"
    if "条例" in short:
        return "regulation"
    return "other"


@lru_cache(maxsize=16384)
def article_number(title: str) -> int | None:
    """The article number of a `<statute> 第N条` title (第一千零二十三条 → 1023), else None.

    An added article (第N条之一) shares N: it sits beside article N.
    """
    match = _ARTICLE.search(title.strip())
    if not match:
        return None
    numeral = match.group(1)
    if numeral.isdigit():
        return int(numeral)
    total = section = digit = 0
    for char in numeral:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            section += (digit or 1) * _UNITS[char]
            digit = 0
        else:  # 万
            total += (section + digit) * 10000
            section = digit = 0
    return total + section + digit


def article_key(title: str) -> str:
    """`<statute>#<article number>` for an article title, else "": how both backends look up an
    article's neighbours."""
    number = article_number(title)
    return "" if number is None else f"{source_name(title)}#{number}"


def level_weight(title: str) -> float:
    """The legal-rank factor of a title. Both backends apply it in their first stage too, so the
    candidates they rescore already lean towards higher-ranking texts."""
    return LEVEL_WEIGHTS[legal_level(title)]


@dataclass
class Expansion:
    """What a backend adds to its candidates before reranking."""

    sources: list[str]  # statutes whose further matching articles join (up to
    # EXPAND_SOURCE_ARTICLES each, best first-stage score first)
    articles: list[str]  # article keys (`article_key`) of the leaders' neighbours, matching or not


def expansion(candidates: list[Candidate], *, neighbours: bool = True) -> Expansion:
    """The statutes and articles to add to the first stage's candidates.

    Only statutes with numbered articles are widened (a document without an article number is
    its own source). `neighbours=False` for keyword queries, whose results must hold their words.
    """
    weighted = [candidate.score * level_weight(candidate.title) for candidate in candidates]
    source_score = _source_scores(candidates, weighted)
    numbered = {
        source_name(candidate.title)
        for candidate in candidates
        if article_number(candidate.title) is not None
    }
    sources = sorted(numbered, key=lambda name: -source_score[name])[:EXPAND_SOURCES]
    articles: dict[str, None] = {}
    if neighbours:
        present = {article_key(candidate.title) for candidate in candidates}
        leaders = sorted(
            range(len(candidates)),
            key=lambda index: (
                -(
                    weighted[index]
                    + SOURCE_SHARE * source_score[source_name(candidates[index].title)]
                )
            ),
        )[:EXPAND_LEADERS]
        for index in leaders:
            title = candidates[index].title
            number = article_number(title)
            if number is None:
                continue
            for offset in range(-NEIGHBOUR_WIDTH, NEIGHBOUR_WIDTH + 1):
                key = f"{source_name(title)}#{number + offset}"
                if number + offset > 0 and key not in present:
                    articles[key] = None
    return Expansion(sources=sources, articles=list(articles))


def rerank(
    query: str,
    candidates: list[Candidate],
    *,
    holding: Callable[[tuple[str, ...]], list[bool]] | None = None,
) -> list[Candidate]:
    """The candidates in their final order, each `score` set to its final value (bonus included).

    `holding(grams)` tells, in candidate order, which candidates hold all of the n-grams; a
    backend with posting lists at hand passes it instead of texts (the default reads `text`).
    """
    if not candidates:
        return []
    weighted = [candidate.score * level_weight(candidate.title) for candidate in candidates]
    source_score = _source_scores(candidates, weighted)
    by_article: dict[str, float] = {}
    for candidate, score in zip(candidates, weighted, strict=True):
        key = article_key(candidate.title)
        if key:
            by_article[key] = max(by_article.get(key, 0.0), score)
    for candidate, score in zip(candidates, weighted, strict=True):
        name = source_name(candidate.title)
        candidate.score = score + SOURCE_SHARE * source_score[name]
        number = article_number(candidate.title)
        if number is not None:
            candidate.score += NEIGHBOUR_SHARE * max(
                (
                    by_article.get(f"{name}#{number + offset}", 0.0)
                    for offset in range(-NEIGHBOUR_WIDTH, NEIGHBOUR_WIDTH + 1)
                    if offset
                ),
                default=0.0,
            )
    _favour_coverage(query, candidates, holding)
    for candidate in candidates:
        candidate.score += candidate.bonus
    return sorted(candidates, key=lambda candidate: -candidate.score)


def _source_scores(candidates: list[Candidate], weighted: list[float]) -> dict[str, float]:
    """Each statute's mean of its best SOURCE_BEST candidate scores."""
    by_source: dict[str, list[float]] = defaultdict(list)
    for candidate, score in zip(candidates, weighted, strict=True):
        by_source[source_name(candidate.title)].append(score)
    return {
        name: sum(sorted(scores, reverse=True)[:SOURCE_BEST]) / SOURCE_BEST
        for name, scores in by_source.items()
    }


def _favour_coverage(
    query: str,
    candidates: list[Candidate],
    holding: Callable[[tuple[str, ...]], list[bool]] | None,
) -> None:
    words = [grams for grams in (word_grams(word) for word in meaning_words(query)) if grams]
    if not words:
        return
    if holding is None:
        holds = [
            [all(map(candidate.text.__contains__, grams)) for grams in words]
            for candidate in candidates
        ]
    else:
        holds = list(zip(*(holding(grams) for grams in words), strict=True))
    total = len(candidates)
    weights = [
        math.log(1 + (total - held + 0.5) / (held + 0.5))
        for held in (sum(row[index] for row in holds) for index in range(len(words)))
    ]
    weight_sum = sum(weights)
    leaders = sorted(range(total), key=lambda index: -candidates[index].score)[:TOP_COVERAGE]
    for index in leaders:
        held = sum(
            weight for weight, holds_word in zip(weights, holds[index], strict=True) if holds_word
        )
        candidates[index].score *= 1 + COVERAGE_WEIGHT * held / weight_sum
