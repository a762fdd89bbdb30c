"""The client's real address, the one key for lockouts, rate limits and the security audit.

`X-Forwarded-For` is written by whoever sends the request, so it is believed only when the
connection comes from a configured reverse proxy (`PORTAL_TRUSTED_PROXIES`). The header is then
read from the right, skipping our own proxies: the first address that is not one of them is the
client. Without configured proxies the peer address is the client, whatever headers say.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The address of the person at the other end, as far as our own proxies can vouch for it."""
    peer = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(settings.PORTAL_TRUSTED_PROXIES))
    if not networks or not _trusted(_address(peer), networks):
        return peer
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            # Garbage written by the client before our proxy appended its view: stop here.
            break
        if not _trusted(address, networks):
            return str(address)
    return peer
