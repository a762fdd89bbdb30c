"""Elasticsearch index definition (elasticsearch-dsl), needing no analysis plugin.

Text arrives pre-segmented by search.segmentation (tokens separated by spaces), so the main fields
use a whitespace analyzer and agree with the embedded backend; `*_cjk` fields hold the raw text with
the built-in `cjk_bigram` filter for recall on words the dictionary lacks.
"""

from elasticsearch_dsl import Date, Document, Integer, Keyword, Text, analyzer

segmented = analyzer("portal_segmented", tokenizer="whitespace", filter=["lowercase"])
cjk_bigrams = analyzer(
    "portal_cjk", tokenizer="standard", filter=["cjk_width", "lowercase", "cjk_bigram"]
)


class ContentDocument(Document):
    content_type = Keyword()
    title = Text(analyzer=segmented)
    title_cjk = Text(analyzer=cjk_bigrams)
    title_display = Keyword(index=False)
    body = Text(analyzer=segmented)
    body_cjk = Text(analyzer=cjk_bigrams)
    body_display = Text(index=False)
    url = Keyword(index=False)
    doc_number = Keyword()
    authorities = Keyword()
    publish_date = Date()
    year = Integer()
    validity = Keyword()
    topics = Keyword()

    class Index:
        settings = {"number_of_shards": 1, "number_of_replicas": 0}
