"""`walkin web` names the addresses phones can reach, not 0.0.0.0."""

from __future__ import annotations

import socket

import pytest

from web.addresses import interface_address, lan_addresses, reachable_urls


def test_a_wildcard_host_is_shown_as_each_lan_address() -> None:
    urls = reachable_urls("0.0.0.0", 8080, ["192.168.1.20", "10.8.0.1"])
    assert urls == ["http://192.168.1.20:8080/", "http://10.8.0.1:8080/"]
    assert reachable_urls("::", 80, []) == ["http://127.0.0.1:80/"]  # no network: this PC only


def test_a_chosen_host_is_shown_as_it_is() -> None:
    assert reachable_urls("192.168.1.20", 8080) == ["http://192.168.1.20:8080/"]
    assert reachable_urls("::1", 8080) == ["http://[::1]:8080/"]


def test_loopback_and_interfaces_without_an_address_are_left_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    names = [(1, "lo"), (2, "eth0"), (3, "wlan0"), (4, "docker0")]
    monkeypatch.setattr(socket, "if_nameindex", lambda: names)
    table = {"lo": "127.0.0.1", "eth0": "192.168.1.20", "wlan0": None, "docker0": "172.17.0.1"}

    def read(_probe: socket.socket, name: str) -> str | None:
        return table.get(name)

    assert lan_addresses(read) == ["192.168.1.20", "172.17.0.1"]


def test_the_loopback_interface_answers_with_its_address() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        assert interface_address(probe, "lo") == "127.0.0.1"
        assert interface_address(probe, "no-such-interface") is None
