from django.urls import path

from cms import views

app_name = "cms"

urlpatterns = [
    path("sitemap/", views.sitemap, name="sitemap"),
    path("contact/", views.contact, name="contact"),
    path("feedback/", views.feedback, name="feedback"),
    path("feedback/thanks/<str:token>/", views.feedback_thanks, name="feedback-thanks"),
    path("xxgk/catalogue/", views.catalogue_page, name="catalogue"),
    path("xxgk/catalogue/download.xlsx", views.catalogue_download, name="catalogue-download"),
]
