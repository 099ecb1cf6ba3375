from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from . import views
from .forms import LoginForm

urlpatterns = [
    path("people/", views.user_list, name="user_list"),
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/change/", auth_views.PasswordChangeView.as_view(
        extra_context={"page_title": _("Change password")}), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(
        extra_context={"page_title": _("Password changed")}), name="password_change_done"),
    path("password/reset/", auth_views.PasswordResetView.as_view(
        extra_context={"page_title": _("Forgotten password")},
        extra_email_context={"portal_operator": lazy(lambda: settings.PORTAL_OPERATOR, str)()},  # read when sent
        subject_template_name="registration/password_reset_subject.txt"), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(
        extra_context={"page_title": _("Check your mailbox")}), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        extra_context={"page_title": _("Choose a new password")}), name="password_reset_confirm"),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(
        extra_context={"page_title": _("Password set")}), name="password_reset_complete"),
]
