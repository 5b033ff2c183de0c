"""Prints this host's address on its default route, if it is not loopback (test helper); else nothing.

No packet is sent: connecting a UDP socket only picks the route.
"""

from __future__ import annotations

import ipaddress
import socket

try:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))
        address = probe.getsockname()[0]
except OSError:
    address = ""
if address and not ipaddress.ip_address(address).is_loopback and not ipaddress.ip_address(address).is_unspecified:
    print(address)
