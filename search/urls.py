from django.urls import path

from search import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("api/search/", views.search_api, name="api-search"),
    path("api/search/suggest/", views.suggest_api, name="api-search-suggest"),
]
