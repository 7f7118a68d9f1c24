"""The visitor's own address behind the shared cache.

Behind Varnish or a CDN every request reaches the app servers from the proxy's
address, so the sign-in lockout (django-axes), the password-reset limits and
the API's limit would count every visitor as one client: five wrong passwords
typed by anyone would lock an account for everybody. Where TRUSTED_PROXIES
names the proxies, this middleware puts the client's address in REMOTE_ADDR,
read from X-Forwarded-For, which each proxy extends with the address it was
asked from. Only hops appended by a trusted proxy are believed: walking the
header from the right, the first address that is not a trusted proxy is the
client. Anything a client wrote into the header itself lies to the left of
that and is never read. With no trusted proxies (the default), the header is
ignored.
"""

import ipaddress

from django.conf import settings


def networks(entries):
    """TRUSTED_PROXIES ("127.0.0.1", "10.0.0.0/8") as networks."""
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries]


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_address(meta, trusted):
    """The client's address for a request with these META headers, given the
    trusted proxies' networks."""
    address = meta.get("REMOTE_ADDR", "")
    hops = [hop for hop in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    while True:
        parsed = _address(address)
        if parsed is None or not any(parsed in network for network in trusted):
            return address
        if not hops:
            return address
        previous = _address(hops.pop())
        if previous is None:
            # Not an address: what stands there came from no proxy of ours.
            return address
        address = str(previous)


class ForwardedClientMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = networks(settings.TRUSTED_PROXIES)

    def __call__(self, request):
        if self.trusted:
            request.META["REMOTE_ADDR"] = client_address(request.META, self.trusted)
        return self.get_response(request)
