from django.urls import path

from lists import views

app_name = "lists"

urlpatterns = [
    path("jgzn/", views.unit_list, name="units"),
]
