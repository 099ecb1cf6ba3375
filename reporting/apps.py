from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Reporting")

    def ready(self):
        # the app registry is ready only now; unions calls these back on every change of the tree
        from unions.services import tree_followers_register
        from unions.views import unit_page_part_register

        from .follow import kept_totals_follow_kind, reports_follow_tree
        from .selectors import unit_page_reports

        tree_followers_register(tree_changed=reports_follow_tree, kind_changed=kept_totals_follow_kind)
        unit_page_part_register(unit_page_reports)

