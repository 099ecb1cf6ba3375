from django.urls import path

from . import views

app_name = "quality"

urlpatterns = [
    path("", views.board, name="board"),
    path("xlsx/", views.board_workbook, name="board_workbook"),
    path("thresholds/", views.thresholds, name="thresholds"),
    path("thresholds/<int:pk>/", views.threshold_edit, name="threshold_edit"),
]
