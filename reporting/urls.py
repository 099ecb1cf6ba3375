from django.urls import path

from . import views, views_spreadsheets

app_name = "reporting"

urlpatterns = [
    path("reports/", views.my_reports, name="my_reports"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/history/", views.report_history_view, name="report_history"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("reports/<int:pk>/unlock/", views.report_unlock, name="report_unlock"),
    path("reports/<int:pk>/print/", views.report_print, name="report_print"),
    path("reports/<int:pk>/pdf/", views.report_pdf_view, name="report_pdf"),
    path("reports/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("reports/<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("reports/<int:pk>/attachments/<int:attachment_pk>/delete/", views.attachment_delete,
         name="attachment_delete"),
    path("reports/<int:pk>/xlsx/", views_spreadsheets.report_workbook_download, name="report_workbook"),
    path("reports/<int:pk>/xlsx/upload/", views_spreadsheets.report_workbook_upload, name="report_workbook_upload"),
    path("bulk/", views_spreadsheets.bulk_index, name="bulk_index"),
    path("bulk/<int:period_pk>/", views_spreadsheets.bulk_period, name="bulk_period"),
    path("bulk/<int:period_pk>/xlsx/", views_spreadsheets.bulk_workbook_download, name="bulk_workbook"),
    path("review/", views.review_queue, name="review_queue"),
    path("periods/<int:pk>/extensions/", views.period_extend, name="period_extend"),
]
