"""The dashboards' and the compliance files' addresses. They keep the paths and the names they
had in `reporting` (`reporting:dashboard`, …): config/urls.py serves them in that namespace, so
bookmarks, e-mailed links and every `{% url %}` still resolve."""
from django.urls import path

from . import views

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/trends/", views.trends, name="trends"),
    path("dashboard/compare/", views.compare, name="compare"),
    path("dashboard/export/", views.export, name="export"),
    path("exports/<int:pk>/", views.export_status, name="export_status"),
]
