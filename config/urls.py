from django.contrib import admin
from django.urls import include, path

from reporting.views import home

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("units/", include("unions.urls")),
    path("plans/", include("plans.urls")),
    path("notifications/", include("notifications.urls")),
    path("documents/", include("reviews.urls")),
    path("quality/", include("quality.urls")),
    path("", home, name="home"),
    path("", include("reporting.urls")),
]
