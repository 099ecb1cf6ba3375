from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_detail, name="current"),
    path("<str:code>/", views.plan_detail, name="detail"),
]
