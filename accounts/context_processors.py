def current_unit(request):
    """The signed-in person's unit and role, for the navigation bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"current_unit": user.unit, "current_role": user.get_role_display()}
