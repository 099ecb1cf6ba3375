from django.urls import path

from . import views, views_board

app_name = "plans"

urlpatterns = [
    path("manage/", views_board.plan_list, name="board_list"),
    path("manage/<int:plan_pk>/copy/", views_board.plan_copy, name="board_copy"),
    path("manage/<int:plan_pk>/", views_board.plan_edit, name="board_edit"),
    path("manage/<int:plan_pk>/preview/", views_board.plan_preview, name="board_preview"),
    path("manage/<int:plan_pk>/publish/", views_board.plan_publish, name="board_publish"),
    path("", views.plan_detail, name="current"),
    path("<str:code>/", views.plan_detail, name="detail"),
]
