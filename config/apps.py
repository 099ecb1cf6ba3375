"""The portal's own configurations of two installed apps: the admin (its site) and django-axes
(its name and its rows' names in Vietnamese)."""
from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's own site (config.admin_site)."""

    default_site = "config.admin_site.PortalAdminSite"

    def ready(self):
        super().ready()
        # The admin's template tags load only once the apps are ready: imported here, in ready().
        from django.contrib.admin.templatetags import admin_list
        from django.templatetags.static import static  # with the tag above, once the apps are ready
        from django.utils.html import format_html  # with the tags above, once the apps are ready

        # Django's yes/no icon is read out as "True"/"False" (its alt text is the bare value).
        def boolean_icon(value):
            icon, word = {True: ("yes", _("Yes")), False: ("no", _("No")), None: ("unknown", _("Unknown"))}[value]
            return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{icon}.svg"), word)

        admin_list._boolean_icon = boolean_icon  # looked up there at each call, by admin.utils and helpers too


class AxesConfig(AxesAppConfig):
    """django-axes under a Vietnamese name in the admin (its own is the bare label "Axes")."""

    verbose_name = _("Sign-in attempts")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog  # models load once the apps are ready

        # axes names each row in English ("Failed access: user … on … from …"), and the admin
        # shows that name in lists, titles, history and delete confirmations.
        AccessAttempt.__str__ = lambda row: _("Failed sign-ins of %(username)s from %(ip)s") % {
            "username": row.username, "ip": row.ip_address or "—"}
        AccessFailureLog.__str__ = lambda row: _("Failed sign-in of %(username)s from %(ip)s on %(at)s") % {
            "username": row.username, "ip": row.ip_address or "—", "at": _local(row.attempt_time)}
        AccessLog.__str__ = lambda row: _("Sign-in of %(username)s from %(ip)s on %(at)s") % {
            "username": row.username, "ip": row.ip_address or "—", "at": _local(row.attempt_time)}


def _local(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT") if moment else "—"
