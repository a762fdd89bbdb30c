from django.urls import path

from taxpayer import views

app_name = "taxpayer"

urlpatterns = [
    path("appeal/", views.appeal, name="appeal"),
    path("appeal/receipt/<str:number>/", views.appeal_receipt, name="appeal_receipt"),
    path("receipt/<str:number>.pdf", views.receipt_download, name="receipt"),
    path("track/", views.track, name="track"),
    path("track/status/", views.status, name="status"),
    path("track/rate/", views.rate_matter, name="rate_matter"),
    path("book/", views.book, name="book"),
    path("book/done/", views.booked, name="booked"),
    path("appointment/", views.appointment, name="appointment"),
    path("appointment/manage/", views.manage, name="manage"),
    path("appointment/reschedule/", views.reschedule, name="reschedule"),
    path("appointment/cancel/", views.cancel, name="cancel"),
    path(
        "appointment/proposal/<int:pk>/<str:answer>/",
        views.answer_proposal,
        name="answer_proposal",
    ),
    path("appointment/rate/", views.rate_appointment, name="rate_appointment"),
    path("rate/", views.rate, name="rate"),
    path("statistics/", views.public_statistics, name="statistics"),
]
