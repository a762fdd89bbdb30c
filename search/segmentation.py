"""The one Chinese segmentation every backend uses, so indexing and querying always agree.

jieba's search mode emits both whole words and their sub-words (首问责任制 → 首问, 责任, 责任制,
首问责任制), which is what lets a query for 首问 find a title containing 首问责任制; the
Elasticsearch backend indexes these words, and both backends highlight and expand synonyms with
them. A tax-domain user dictionary and a synonym list live beside this module in data/. The
embedded backend ranks on `ngrams` (characters and character pairs) of the same normalised text.
"""

import logging
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import jieba

DATA = Path(__file__).resolve().parent / "data"
_TOKEN_OK = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)
# Question words (谁可以…？ …吗？) dropped from queries.
QUESTION_STOPWORDS = frozenset(
    line.strip()
    for line in (DATA / "stopwords.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)


@cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(DATA / "user_dict.txt"))
    return tokenizer


def warm_up() -> None:
    """Load the dictionary now. jieba reads it on first use, about a second of CPU, which would
    otherwise fall on the first search each new gunicorn worker answers (gunicorn.conf.py calls
    this when a worker starts)."""
    _tokenizer().initialize()
    synonym_groups()


@cache
def synonym_groups() -> dict[str, tuple[str, ...]]:
    groups: dict[str, tuple[str, ...]] = {}
    for line in (DATA / "synonyms.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        words = tuple(line.split())
        for word in words:
            groups[word] = words
    return groups


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits to ASCII) and lower case."""
    text = text or ""
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def tokenize(text: str) -> list[str]:
    """Search-mode tokens of a text, punctuation and whitespace dropped."""
    return [
        token
        for token in _tokenizer().lcut_for_search(normalize(text))
        if token.strip() and _TOKEN_OK.search(token)
    ]


def segment(text: str) -> str:
    """Text as space-separated tokens, the form both backends index."""
    return " ".join(tokenize(text))


@lru_cache(maxsize=1024)  # one search segments its query several times (terms, n-grams, ranking)
def _query_tokens(text: str) -> tuple[str, ...]:
    return tuple(tokenize(text))


def query_terms(text: str) -> list[str]:
    """Meaningful terms of a query, without duplicates or question words."""
    seen: dict[str, None] = {}
    for token in _query_tokens(text):
        if token not in QUESTION_STOPWORDS:
            seen.setdefault(token, None)
    if not seen:  # a query made only of stopwords still searches for what was typed
        for token in _query_tokens(text):
            seen.setdefault(token, None)
    return list(seen)


def expand_synonyms(term: str) -> tuple[str, ...]:
    return synonym_groups().get(term, (term,))


_RUNS = re.compile(r"[\u4e00-\u9fff]+|[^\W_\u4e00-\u9fff]+", re.UNICODE)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def ngrams(text: str) -> list[str]:
    """Every CJK character and overlapping character pair, plus whole Latin/digit words.

    The embedded backend ranks on these: on layperson questions (STARD dev) BM25 over characters
    plus pairs beat BM25 over jieba words by 0.04 nDCG@10, because a question rarely uses the
    statute's own word boundaries (去世 vs 死亡后, 欠债 vs 债务).
    """
    grams: list[str] = []
    for run in _RUNS.findall(normalize(text)):
        if not _CJK.match(run):
            grams.append(run)
            continue
        grams.extend(run)
        grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def query_ngrams(text: str) -> dict[str, float]:
    """N-grams of a query with their counts; synonyms of its words count at half weight.

    Question words are kept: their n-grams are common, so BM25's idf already gives them almost
    no weight, and removing them also removed real content (应当, 规定) on the dev questions.
    """
    counts: dict[str, float] = {}
    for gram in ngrams(text):
        counts[gram] = counts.get(gram, 0.0) + 1.0
    for word in query_terms(text):
        for synonym in expand_synonyms(word):
            if synonym == word:
                continue
            for gram in ngrams(synonym):
                if gram not in counts:
                    counts[gram] = 0.5
    return counts


def meaning_words(text: str) -> list[str]:
    """The words of a query that carry its meaning: jieba's plain cut (whole words, not the
    search-mode sub-words), without question words, punctuation or duplicates."""
    return list(_meaning_words(text))


@lru_cache(maxsize=1024)
def _meaning_words(text: str) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for token in _tokenizer().lcut(normalize(text)):
        token = token.strip()
        if token and _TOKEN_OK.search(token) and token not in QUESTION_STOPWORDS:
            seen.setdefault(token, None)
    return tuple(seen)


@lru_cache(maxsize=4096)
def word_grams(word: str) -> tuple[str, ...]:
    """The n-grams a document must hold to count as containing `word`.

    A compound word asks for the n-grams of its parts (search-mode sub-words, and each stretch
    no sub-word covers), not of the whole: 留抵退税 is satisfied by 留抵 … 退税, as statutes
    write 留抵税额退税, while the pair 抵退 across the parts is not required.
    """
    word = normalize(word)
    covered = [False] * len(word)
    parts: list[str] = []
    for part in tokenize(word):
        start = word.find(part)
        if part != word and len(part) > 1 and start >= 0:
            parts.append(part)
            covered[start : start + len(part)] = [True] * len(part)
    if parts:
        uncovered = "".join(" " if done else char for char, done in zip(word, covered, strict=True))
        parts.extend(uncovered.split())
    else:
        parts = [word]
    grams: dict[str, None] = {}
    for part in parts:
        part_grams = ngrams(part)
        pairs = [gram for gram in part_grams if len(gram) > 1]
        for gram in pairs or part_grams:
            grams.setdefault(gram, None)
    return tuple(grams)


# How many of a short keyword query's meaningful words a match must contain (Elasticsearch's
# minimum_should_match "2<-25%"): one or two words all, three or four words all but a quarter.
# Longer queries and questions (谁可以成为个体工商户？) are colloquial: their words are seldom the
# statute's, so they keep the lenient rule (one shared rare n-gram). Applied to the STARD dev
# questions the rule cost 0.02 nDCG@10 (122 of 771 are short questions); questions are exempt.
SHORT_QUERY_WORDS = 4
_INTERROGATIVE_WORDS = (
    "吗 呢 么 什么 怎么 怎么样 怎样 如何 为什么 为何 谁 哪 哪些 哪个 哪里 多少 几 是否 有没有"
    " 是不是 能否 可否 能不能 可不可以 请问 我 我们 咋 啥"
)
INTERROGATIVES = frozenset(_INTERROGATIVE_WORDS.split())


def is_question(text: str) -> bool:
    """A question rather than keywords: a question mark, an interrogative or the first person."""
    return "?" in normalize(text) or any(token in INTERROGATIVES for token in _query_tokens(text))


def required_word_count(words: int) -> int:
    """How many of a keyword query's `words` meaningful words a match must hold."""
    if words > SHORT_QUERY_WORDS:
        return 0
    if words <= 2:
        return words
    return words - words // 4


def title_key(text: str) -> str:
    """A title or query reduced to its letters, digits and characters, for exact-title matches."""
    return re.sub(r"[\W_]+", "", normalize(text))


_BRACKETS = str.maketrans("[(（【［〖]）)】］〗", "〔〔〔〔〔〔〕〕〕〕〕〕")


def doc_number_text(text: str) -> str:
    """Typed text in the bracket form of canonical 发文字号 (税总发[2014 → 税总发〔2014)."""
    return "".join((text or "").split()).translate(_BRACKETS)
