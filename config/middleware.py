"""Security headers and limits that Django 5.2 does not set by itself."""
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class ContentSecurityPolicyMiddleware:
    """Scripts, styles, fonts and images only from this site (no CDN, no inline script);
    inline style attributes are allowed, forms post only here, no framing."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than MAX_REQUEST_BYTES before it is read: the largest
    legitimate upload is a 10 MB attachment or spreadsheet."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return HttpResponse(_("The file is too large: at most 10 MB."), status=413,
                                content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class RefuseNulMiddleware:
    """Answer 400 to a request with a NUL character in its path, query, form, cookies or
    headers, before anything reads it: PostgreSQL refuses NUL in text, so such a value would
    otherwise end as a 500 wherever it reaches a query. No legitimate input holds one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _holds_nul(request):
            return render(request, "400.html", status=400)
        return self.get_response(request)


def _holds_nul(request) -> bool:
    if "\x00" in request.path_info or "%00" in request.META.get("QUERY_STRING", ""):
        return True
    if any("\x00" in str(value) for key, value in request.META.items() if key.startswith("HTTP_")):
        return True
    sources = [request.GET, request.COOKIES]
    if request.method == "POST" and request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        sources += [request.POST, request.FILES]
    for source in sources:
        lists = source.lists() if hasattr(source, "lists") else ((k, [v]) for k, v in source.items())
        for key, values in lists:
            if "\x00" in key or any("\x00" in (getattr(v, "name", v) or "") for v in values):
                return True
    return False


class VietnameseFirstMiddleware:
    """Vietnamese whatever the browser says: many office PCs run an English Chrome whose
    Accept-Language would otherwise switch the whole portal to English. English comes only
    from the person's own choice (the footer's switch, kept in the language cookie). Placed
    just before django.middleware.locale.LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
