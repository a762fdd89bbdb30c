from django.urls import path

from disclosure import views

app_name = "disclosure"

urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("application-form.<str:fmt>", views.application_form, name="application_form"),
    path("receipt/<str:number>/", views.receipt, name="receipt"),
    path("receipt/<str:number>/pdf/", views.receipt_download, name="receipt_pdf"),
    path("track/", views.track, name="track"),
    path("track/new-code/", views.new_code, name="new_code"),
    path("track/end/", views.end_tracking, name="end"),
    path("track/status/", views.status, name="status"),
    path("track/withdraw/", views.withdraw, name="withdraw"),
    path("track/correction/", views.correction, name="correction"),
    path("track/notices/<uuid:token>.<str:fmt>", views.notice_download, name="notice"),
    path("track/attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("track/my-attachment/", views.own_attachment_download, name="own_attachment"),
]
