from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("read/", views.notifications_mark_read, name="mark_read"),
    path("reminders/", views.reminder_log, name="log"),
    path("reminders/policy/", views.reminder_policy_edit, name="policy"),
    path("reminders/missing/<int:pk>/", views.missing_reports, name="missing"),
]
