"""Reads of user accounts, each limited to the person's own part of the hierarchy."""
from django.db.models import QuerySet

from unions.search import text_search
from unions.selectors import NOTHING, scope_path_for_user

from .models import Role, User


def users_visible_to(user) -> QuerySet[User]:
    """The accounts of `user`'s unit and the units below it (a superuser's account is shown to
    superusers only, as in the admin)."""
    prefix = scope_path_for_user(user)
    if prefix is NOTHING:
        return User.objects.none()
    users = User.objects.select_related("unit").filter(unit__path__startswith=prefix)
    if not user.is_superuser:
        users = users.filter(is_superuser=False)
    return users


def users_search(*, by, query: str = "") -> QuerySet[User]:
    """The accounts `by` may see whose name, user name or e-mail holds every word of `query`,
    marks and case ignored ("nguyen thi lan" finds Nguyễn Thị Lan), family name first."""
    users = users_visible_to(by).order_by("last_name", "first_name", "username")
    return text_search(users, query, "username", "last_name", "first_name", "email")


def may_search_users(user) -> bool:
    """Who looks people up outside the admin: administrators."""
    return user.is_authenticated and (user.role == Role.ADMINISTRATOR or user.is_superuser)
