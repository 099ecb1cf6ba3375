from django.conf import settings


def current_unit(request):
    """The signed-in person's unit and role, for the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"current_unit": user.unit, "current_role": user.get_role_display()}


def portal_operator(request):
    """Who runs the installation, for the footer and the sign-in page."""
    return {"portal_operator": settings.PORTAL_OPERATOR}
