from django.urls import path

from disclosure import views

app_name = "disclosure"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("receipt/<str:number>/", views.receipt, name="receipt"),
    path("track/", views.track, name="track"),
    path("track/status/", views.status, name="status"),
    path("track/withdraw/", views.withdraw, name="withdraw"),
    path("track/notices/<uuid:token>.<str:fmt>", views.notice_download, name="notice"),
    path("track/attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("track/my-attachment/", views.own_attachment_download, name="own_attachment"),
]
