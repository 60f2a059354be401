"""The addresses phones can use to reach the server, read from this PC's network interfaces.

Listening on every interface (0.0.0.0 or ::) is right for the guest Wi-Fi, but "0.0.0.0" is not
an address a phone can open. The interfaces' IPv4 addresses are asked of the kernel (the
SIOCGIFADDR ioctl on a socket that sends nothing): no packet leaves the PC, no name is looked up.
"""

from __future__ import annotations

import fcntl
import ipaddress
import socket
import struct
from collections.abc import Callable

SIOCGIFADDR = 0x8915  # Linux: the IPv4 address of an interface
WILDCARDS = ("0.0.0.0", "::", "")


def interface_address(probe: socket.socket, name: str) -> str | None:
    """The IPv4 address of interface `name`, or None when it has none (or it is not Linux)."""
    try:
        reply = fcntl.ioctl(probe.fileno(), SIOCGIFADDR, struct.pack("256s", name.encode()[:15]))
    except OSError:
        return None
    return socket.inet_ntoa(reply[20:24])


def lan_addresses(
    read: Callable[[socket.socket, str], str | None] = interface_address,
) -> list[str]:
    """This PC's non-loopback IPv4 addresses, one per interface that has one, in order."""
    try:
        names = [name for _, name in socket.if_nameindex()]
    except OSError:
        return []
    found: list[str] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for name in names:
            address = read(probe, name)
            if address and not ipaddress.ip_address(address).is_loopback and address not in found:
                found.append(address)
    return found


def reachable_urls(host: str, port: int, addresses: list[str] | None = None) -> list[str]:
    """The URLs to give people: the bound host itself, or for a wildcard each LAN address."""
    if host not in WILDCARDS:
        shown = f"[{host}]" if ":" in host else host
        return [f"http://{shown}:{port}/"]
    lan = lan_addresses() if addresses is None else addresses
    return [f"http://{address}:{port}/" for address in lan] or [f"http://127.0.0.1:{port}/"]
