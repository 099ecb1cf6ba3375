from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
]
