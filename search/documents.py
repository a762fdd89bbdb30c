"""Elasticsearch index definition (elasticsearch-dsl), needing no analysis module.

Documents are indexed as the embedded backend sees them, so both rank alike: `unigrams` holds the
characters (and one-letter Latin/digit words) and `bigrams` the character pairs and longer
Latin/digit words of search.segmentation.ngrams, separated by spaces and split again by the
server's built-in `whitespace` analyzer. Separate fields give each n-gram size its own BM25 length
normalisation, as in the embedded backend; positions are not indexed (no phrase queries).

The embedded backend counts a title occurrence TITLE_WEIGHT (0.5) extra. Here the title's n-grams
are written (1 + TITLE_WEIGHT) * SCALE times and the body's SCALE times, so a term's frequency
is SCALE times the embedded one; BM25 with k1 * SCALE then gives the same saturation. Lengths
become SCALE * (title + body) + title, the one small difference besides Lucene's one-byte lengths.

The `*_display` fields and the facet fields are what results and facets are read from (issuing
bodies under their full names, search.authorities); `key` orders equal dates deterministically.
"""

from fractions import Fraction
from itertools import chain

from elasticsearch_dsl import Date, Document, Float, Integer, Keyword, MetaField, Text

from search.authorities import canonical_authorities
from search.backends.postings import K1, TITLE_WEIGHT, B
from search.ranking import article_key, level_weight, source_name
from search.registry import IndexDocument
from search.segmentation import ngrams, title_key

_title_weight = Fraction(TITLE_WEIGHT).limit_denominator(100)
SCALE = _title_weight.denominator  # 2: the smallest factor that makes title repeats whole
TITLE_REPEAT = SCALE + _title_weight.numerator  # 3
BODY_REPEAT = SCALE  # 2
SIMILARITY = {"portal_bm25": {"type": "BM25", "k1": K1 * SCALE, "b": B}}


def _grams() -> Text:
    return Text(analyzer="whitespace", similarity="portal_bm25", index_options="freqs")


class ContentDocument(Document):
    key = Keyword()
    content_type = Keyword()
    unigrams = _grams()
    bigrams = _grams()
    title_display = Keyword()  # also what suggestions match (as the embedded LIKE does)
    title_key = Keyword()  # the title reduced for exact-title matches (segmentation.title_key)
    body_display = Text(index=False)
    url = Keyword(index=False)
    doc_number = Keyword()
    authorities = Keyword()
    publish_date = Date()
    year = Integer()
    validity = Keyword()
    topics = Keyword()
    level_weight = Float()  # search.ranking.level_weight of the title, for the first stage
    source_name = Keyword()  # search.ranking.source_name: a statute's articles share it
    article_key = Keyword()  # search.ranking.article_key: how an article's neighbours are found

    class Meta:
        # The n-gram fields are long and only searched: keep them out of _source.
        source = MetaField(excludes=["unigrams", "bigrams"])


def gram_fields(doc: IndexDocument) -> dict[str, str]:
    """The `unigrams` and `bigrams` field values of a document, title repeated for its weight."""
    parts = (
        (ngrams(doc.title), TITLE_REPEAT),
        (ngrams(doc.body), BODY_REPEAT),
        (ngrams(doc.doc_number), BODY_REPEAT),
    )
    unigrams = chain.from_iterable([g for g in grams if len(g) == 1] * n for grams, n in parts)
    bigrams = chain.from_iterable([g for g in grams if len(g) > 1] * n for grams, n in parts)
    return {"unigrams": " ".join(unigrams), "bigrams": " ".join(bigrams)}


def source(doc: IndexDocument) -> dict:
    """The document as sent to Elasticsearch."""
    return {
        "key": doc.key,
        "content_type": doc.content_type,
        **gram_fields(doc),
        "title_display": doc.title,
        "title_key": title_key(doc.title),
        "body_display": doc.body,
        "url": doc.url,
        "doc_number": doc.doc_number,
        "authorities": canonical_authorities(doc.authorities),
        "publish_date": doc.publish_date.isoformat() if doc.publish_date else None,
        "year": doc.year,
        "validity": doc.validity,
        "topics": doc.topics,
        "level_weight": level_weight(doc.title),
        "source_name": source_name(doc.title),
        "article_key": article_key(doc.title),
    }
