"""The client's address for sign-in throttling. REMOTE_ADDR, unless the request comes from a
proxy named in TRUSTED_PROXY_IPS: then the address that proxy wrote in its header
(TRUSTED_PROXY_HEADER, X-Forwarded-For by default). Without that setting a forwarded header
is ignored, since any client can send one; behind an unnamed proxy every client would share
the proxy's address, and five wrong tries by anyone would lock everyone out."""
import ipaddress

from django.conf import settings


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address django-axes counts failures against (AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = {address for address in map(_address, settings.TRUSTED_PROXY_IPS) if address}
    if not trusted or _address(remote) not in trusted:
        return remote
    header = "HTTP_" + settings.TRUSTED_PROXY_HEADER.upper().replace("-", "_")
    # Read from the right: the last hop not a trusted proxy is the client; what lies to its
    # left was written by the client itself and proves nothing.
    for hop in reversed(request.META.get(header, "").split(",")):
        address = _address(hop)
        if address is None:
            break
        if address not in trusted:
            return address
    return remote
