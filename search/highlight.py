"""Highlighted titles and snippets, computed the same way for every backend."""

import re
from functools import lru_cache
from html import escape

SNIPPET_LENGTH = 120


def _terms(terms: list[list[str]]) -> list[str]:
    flat = {word for group in terms for word in group if word}
    return sorted(flat, key=len, reverse=True)


@lru_cache(maxsize=256)  # one query highlights a title and a snippet for each of its hits
def _pattern(words: tuple[str, ...]) -> re.Pattern:
    """Longest terms first, so 首问责任制 is marked whole rather than as 首问."""
    return re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)


def highlight(text: str, terms: list[list[str]]) -> str:
    """HTML-escaped text with every query term wrapped in <mark>.

    html.escape, as django.utils.html.escape does underneath, without its lazy-string wrapper:
    a results page escapes a few hundred pieces."""
    words = _terms(terms)
    if not words:
        return escape(text)
    out, index = [], 0
    for match in _pattern(tuple(words)).finditer(text):
        out.append(escape(text[index : match.start()]))
        out.append(f"<mark>{escape(match.group())}</mark>")
        index = match.end()
    out.append(escape(text[index:]))
    return "".join(out)


def snippet(body: str, terms: list[list[str]], length: int = SNIPPET_LENGTH) -> str:
    """A window of the body around the first matched term, highlighted."""
    body = " ".join(body.split())
    lowered = body.lower()
    positions = [lowered.find(w) for w in _terms(terms) if w and lowered.find(w) >= 0]
    start = max(0, min(positions) - 20) if positions else 0
    window = body[start : start + length]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(body) else ""
    return prefix + highlight(window, terms) + suffix
