from django.contrib import admin
from django.urls import include, path

import compliance.urls
import reporting.urls
from reporting.views import home

# The report pages and the dashboards share the `reporting:` namespace (the names they had
# before the dashboards moved to compliance), under the same paths as before.
report_and_dashboard_urls = (reporting.urls.urlpatterns + compliance.urls.urlpatterns, reporting.urls.app_name)

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
    path("", include(report_and_dashboard_urls)),
]
