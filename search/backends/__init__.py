"""Chooses the search backend from settings; callers never branch on which one it is."""

from functools import cache

from django.conf import settings

from search.backends.base import SearchBackend


@cache
def _backend_for(name: str, url: str, path: str, prefix: str) -> SearchBackend:
    if name == "elasticsearch":
        from search.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(url=url, prefix=prefix)
    from search.backends.embedded import EmbeddedBackend

    return EmbeddedBackend(path=path)


def get_backend() -> SearchBackend:
    return _backend_for(
        settings.SEARCH_BACKEND,
        settings.ELASTICSEARCH_URL,
        settings.SEARCH_EMBEDDED_PATH,
        settings.SEARCH_INDEX_PREFIX,
    )
