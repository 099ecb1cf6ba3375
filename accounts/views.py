from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .selectors import may_search_users, users_search


@require_GET
@login_required
def user_list(request):
    """The accounts of the administrator's own part of the tree, searched by name, user name or
    e-mail without diacritics."""
    if not may_search_users(request.user):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()
    page = Paginator(users_search(by=request.user, query=query), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "query": query})
