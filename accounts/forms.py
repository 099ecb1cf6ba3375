from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """The stock form with labels and messages that officers understand."""

    username = forms.CharField(label=_("User name"), max_length=150,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    password = forms.CharField(label=_("Password"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    error_messages = {
        "invalid_login": _("The user name or password is not right. Check them (capital letters count) and try again."),
        "inactive": _("This account is locked. Ask the administrator of the portal."),
    }
