from django.urls import path

from . import views

app_name = "unions"

urlpatterns = [
    path("", views.union_list, name="list"),
    path("<int:pk>/", views.union_detail, name="detail"),
]
