from django.urls import path

from policies import api, feeds

urlpatterns = [
    path("api/policies/", api.policy_list_api, name="api-policies"),
    path("api/policies/<int:pk>/", api.policy_detail_api, name="api-policy-detail"),
    path("policies/feed/", feeds.LatestPoliciesFeed(), name="policies-feed"),
]
