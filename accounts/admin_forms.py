"""The admin's forms of accounts: the add form that asks who the person is, names in Vietnamese
order, permissions and the password form's warning in the person's language."""
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm, SetUnusablePasswordMixin, UserChangeForm
from django.contrib.auth.models import Permission
from django.forms import ModelMultipleChoiceField
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from .models import User

# Permissions are stored with English names ("Can add report"): shown by their model's own,
# translated name instead.
PERMISSION_ACTIONS = {"add": _("Can add %(name)s"), "change": _("Can change %(name)s"),
                      "delete": _("Can delete %(name)s"), "view": _("Can view %(name)s")}


def permission_label(permission: Permission) -> str:
    model = permission.content_type.model_class()
    if model is None:
        return str(permission)
    action = permission.codename.split("_", 1)[0]
    if action in PERMISSION_ACTIONS and permission.codename == f"{action}_{model._meta.model_name}":
        name = PERMISSION_ACTIONS[action] % {"name": model._meta.verbose_name}
    else:
        name = _(permission.name)
    return f"{capfirst(model._meta.app_config.verbose_name)} | {capfirst(model._meta.verbose_name)} | {name}"


class PermissionChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


def permission_formfield(formfield):
    """The same field, its choices labelled in the person's language."""
    return PermissionChoiceField(queryset=formfield.queryset, required=formfield.required, label=formfield.label,
                                 widget=formfield.widget, help_text=formfield.help_text)


class PasswordForm(AdminPasswordChangeForm):
    # Django appends its warning to the help text as an English literal, outside gettext.
    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."))


# Vietnamese names are written family name first: "Nguyễn Thị" then "Lan" (User.get_full_name).
NAME_LABELS = {"last_name": _("Family and middle names"), "first_name": _("Given name")}


class UserAddForm(AdminUserCreationForm):
    """A new account says who it is, how to reach them and where they work: full name, e-mail,
    unit and role are asked with the user name and password, none left for later."""

    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "last_name", "first_name", "email", "phone", "unit", "role")
        labels = NAME_LABELS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("last_name", "first_name", "email", "unit", "role"):
            if name in self.fields:
                self.fields[name].required = True


class UserEditForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        labels = NAME_LABELS
