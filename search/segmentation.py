"""The one Chinese segmentation every backend uses, so indexing and querying always agree.

jieba's search mode emits both whole words and their sub-words (首问责任制 → 首问, 责任, 责任制,
首问责任制), which is what lets a query for 首问 find a title containing 首问责任制. A tax-domain
user dictionary and a synonym list live beside this module in data/.
"""

import logging
import re
import unicodedata
from functools import cache
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
    return unicodedata.normalize("NFKC", text or "").lower()


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


def query_terms(text: str) -> list[str]:
    """Meaningful terms of a query, without duplicates or question words."""
    seen: dict[str, None] = {}
    for token in tokenize(text):
        if token not in QUESTION_STOPWORDS:
            seen.setdefault(token, None)
    if not seen:  # a query made only of stopwords still searches for what was typed
        for token in tokenize(text):
            seen.setdefault(token, None)
    return list(seen)


def expand_synonyms(term: str) -> tuple[str, ...]:
    return synonym_groups().get(term, (term,))


def bigrams(text: str) -> str:
    """Overlapping character pairs of CJK runs, a recall field for words the dictionary lacks."""
    pairs = []
    for run in re.findall(r"[\u4e00-\u9fff]+", normalize(text)):
        pairs.extend(run[i : i + 2] for i in range(len(run) - 1))
    return " ".join(pairs)
