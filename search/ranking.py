"""The last ranking step, shared by both backends: what BM25 over n-grams cannot see.

Each backend scores its best first-stage candidates with BM25 (search/backends/); `rank` then
reorders those candidates the same way in both, from what their titles say and which query words
they hold. It computes over arrays (`Pool`, one entry per candidate): the embedded backend builds
the pool from its in-memory index, the Elasticsearch backend from its hits (`rerank`).

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

Before reranking, each backend widens its candidates as `expand` asks (one more request):
the further matching articles of the best few statutes, so source agreement is not limited to the
first stage's picks, and the neighbours of the leading articles, matching or not, so neighbour
agreement can lift them.

发文字号 and exact-title matches keep their bonus on top of all this (`bonus`, added last).
Measured on STARD dev only (bench/search_quality.py; the test half is held out); the figures
and what each part gave are in the README (Search).
"""

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

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
ARTICLE_KEY_SPAN = 1 << 32  # source code × span + article number: one integer per article
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


@lru_cache(maxsize=65536)
def title_facts(title: str) -> tuple[float, str, int | None]:
    """`level_weight`, `source_name` and `article_number` of a title, in one cached look-up: the
    ranking step reads them for every candidate of every query."""
    return level_weight(title), source_name(title), article_number(title)


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


@dataclass
class Pool:
    """Candidates as parallel arrays, the form the ranking step computes on (one entry each)."""

    scores: np.ndarray  # the backend's BM25, without bonus
    weights: np.ndarray  # level_weight of the title
    sources: np.ndarray  # the statute (source_name) as a code into `names`
    numbers: np.ndarray  # article_number, -1 when the title has none
    bonus: np.ndarray  # 发文字号 / exact-title bonus, added after reranking
    names: Sequence[str]

    @classmethod
    def of(cls, candidates: list[Candidate]) -> "Pool":
        facts = [title_facts(candidate.title) for candidate in candidates]
        codes: dict[str, int] = {}
        sources = [codes.setdefault(name, len(codes)) for _, name, _ in facts]
        return cls(
            scores=np.array([candidate.score for candidate in candidates], dtype=float),
            weights=np.array([weight for weight, _, _ in facts], dtype=float),
            sources=np.array(sources, dtype=np.int64),
            numbers=np.array([-1 if n is None else n for _, _, n in facts], dtype=np.int64),
            bonus=np.array([candidate.bonus for candidate in candidates], dtype=float),
            names=list(codes),
        )


def expansion(candidates: list[Candidate], *, neighbours: bool = True) -> Expansion:
    """The statutes and articles to add to the first stage's candidates (see `expand`)."""
    return expand(Pool.of(candidates), neighbours=neighbours)


def expand(pool: Pool, *, neighbours: bool = True) -> Expansion:
    """The statutes and articles to add to the first stage's candidates.

    Only statutes with numbered articles are widened (a document without an article number is
    its own source). `neighbours=False` for keyword queries, whose results must hold their words.
    """
    weighted = pool.scores * pool.weights
    means = _source_means(pool.sources, weighted)
    mean_of = dict(zip(pool.sources.tolist(), means.tolist(), strict=True))
    numbered = np.unique(pool.sources[pool.numbers >= 0]).tolist()
    chosen = sorted(numbered, key=lambda code: (-mean_of[code], pool.names[code]))
    sources = [pool.names[code] for code in chosen[:EXPAND_SOURCES]]
    articles: dict[str, None] = {}
    if neighbours and len(pool.scores):
        present = set(zip(pool.sources.tolist(), pool.numbers.tolist(), strict=True))
        leaders = np.argsort(-(weighted + SOURCE_SHARE * means), kind="stable")[:EXPAND_LEADERS]
        for code, number in zip(
            pool.sources[leaders].tolist(), pool.numbers[leaders].tolist(), strict=True
        ):
            if number < 0:
                continue
            for offset in range(-NEIGHBOUR_WIDTH, NEIGHBOUR_WIDTH + 1):
                if number + offset > 0 and (code, number + offset) not in present:
                    articles[f"{pool.names[code]}#{number + offset}"] = None
    return Expansion(sources=sources, articles=list(articles))


def rerank(
    query: str,
    candidates: list[Candidate],
    *,
    holding: Callable[[tuple[str, ...]], np.ndarray] | None = None,
) -> list[Candidate]:
    """The candidates in their final order, each `score` set to its final value (bonus included).

    `holding(grams)` tells, in candidate order, which candidates hold all of the n-grams; by
    default the candidates' texts are read.
    """
    if holding is None:

        def holding(grams: tuple[str, ...]) -> np.ndarray:
            return np.array(
                [all(map(candidate.text.__contains__, grams)) for candidate in candidates],
                dtype=bool,
            )

    order, final = rank(query, Pool.of(candidates), holding)
    for candidate, score in zip(candidates, final.tolist(), strict=True):
        candidate.score = score
    return [candidates[index] for index in order.tolist()]


def rank(
    query: str, pool: Pool, holding: Callable[[tuple[str, ...]], np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """The candidates' final order (indices into the pool) and final scores, bonus included."""
    weighted = pool.scores * pool.weights
    final = weighted + SOURCE_SHARE * _source_means(pool.sources, weighted)
    numbered = pool.numbers >= 0
    if numbered.any():
        keys = pool.sources[numbered] * ARTICLE_KEY_SPAN + pool.numbers[numbered]
        unique_keys, inverse = np.unique(keys, return_inverse=True)
        best = np.zeros(len(unique_keys))
        np.maximum.at(best, inverse, weighted[numbered])
        neighbour = np.zeros(len(keys))
        for offset in range(-NEIGHBOUR_WIDTH, NEIGHBOUR_WIDTH + 1):
            if offset:
                wanted = keys + offset
                at = np.minimum(np.searchsorted(unique_keys, wanted), len(unique_keys) - 1)
                found = np.where(unique_keys[at] == wanted, best[at], 0.0)
                np.maximum(neighbour, found, out=neighbour)
        final[numbered] += NEIGHBOUR_SHARE * neighbour
    _favour_coverage(query, final, holding)
    final += pool.bonus
    return np.argsort(-final, kind="stable"), final


def _source_means(sources: np.ndarray, weighted: np.ndarray) -> np.ndarray:
    """For each candidate, its statute's mean of the best SOURCE_BEST candidate scores."""
    if not len(sources):
        return np.zeros(0)
    codes, local = np.unique(sources, return_inverse=True)
    order = np.lexsort((-weighted, local))
    grouped = local[order]
    index = np.arange(len(order))
    starts = np.maximum.accumulate(np.where(np.r_[True, grouped[1:] != grouped[:-1]], index, 0))
    kept = order[index - starts < SOURCE_BEST]
    sums = np.bincount(local[kept], weights=weighted[kept], minlength=len(codes))
    return (sums / SOURCE_BEST)[local]


def _favour_coverage(
    query: str, final: np.ndarray, holding: Callable[[tuple[str, ...]], np.ndarray]
) -> None:
    words = [grams for grams in (word_grams(word) for word in meaning_words(query)) if grams]
    if not words or not len(final):
        return
    holds = np.column_stack([holding(grams) for grams in words])
    held = holds.sum(axis=0)
    total = len(final)
    weights = np.log(1 + (total - held + 0.5) / (held + 0.5))
    leaders = np.argsort(-final, kind="stable")[:TOP_COVERAGE]
    gained = (holds[leaders] * weights).sum(axis=1)
    final[leaders] *= 1 + COVERAGE_WEIGHT * gained / weights.sum()
