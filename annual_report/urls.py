from django.urls import path

from annual_report import views

app_name = "annual_report"

urlpatterns = [
    path("annual-reports/<int:year>/report.xlsx", views.report_xlsx, name="xlsx"),
    path("annual-reports/<int:year>/report.pdf", views.report_pdf, name="pdf"),
]
