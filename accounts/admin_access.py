"""What the provinces share (the plan, its indicators, the reporting periods) is changed in
the admin by a superuser only: a provincial administrator reads it, and changing it would
change it for every province."""


class SharedByAllProvinces:
    """A ModelAdmin mixin: view for staff with the view right, add/change/delete and actions
    for superusers."""

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        return super().get_actions(request) if request.user.is_superuser else {}
