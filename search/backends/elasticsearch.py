"""Elasticsearch backend, switched on by ELASTICSEARCH_URL."""

from elasticsearch import Elasticsearch


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, url: str, prefix: str) -> None:
        self.url = url
        self.prefix = prefix
        self.client = Elasticsearch(url, request_timeout=2, max_retries=0)

    def ping(self) -> None:
        self.client.info()

    def health_details(self) -> dict[str, str]:
        return {}
