from django.urls import path

from consultation import views

app_name = "consultation"

urlpatterns = [
    path("<int:page_id>/comment/", views.comment_form, name="comment"),
    path("receipt/<str:token>/", views.receipt, name="receipt"),
]
