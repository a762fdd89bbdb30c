from django.urls import path

from consultation import converters, views  # noqa: F401 - registers the id converter

app_name = "consultation"

urlpatterns = [
    path("<consultation_id:page_id>/comment/", views.comment_form, name="comment"),
    path("receipt/<str:token>/", views.receipt, name="receipt"),
]
