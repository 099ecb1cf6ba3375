"""Sign-in throttling per user name across addresses and per address across user names, with
the client's address taken from a proxy's header only when TRUSTED_PROXY_IPS names the proxy."""
import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts.client_ip import client_ip
from tests.factories import make_user

LOCKED = 429


def _try(client, username, address, password="sai", **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address,
                       **headers).status_code


def test_a_spray_of_twenty_user_names_from_one_address_is_throttled(client, tree):
    names = [make_user(tree["grass_a1"], username=f"officer{n:02d}").username for n in range(20)]
    statuses = [_try(client, name, "203.0.113.7") for name in names]
    assert statuses[:4] == [200] * 4
    assert set(statuses[5:]) == {LOCKED}  # after five failures the address is locked, whatever the name
    assert _try(client, names[0], "203.0.113.7", "secret-pass-1306") == LOCKED
    assert _try(client, names[0], "198.51.100.1", "secret-pass-1306") == 302  # another address is not


def test_one_users_wrong_tries_from_many_addresses_lock_that_user_name(client, users):
    statuses = [_try(client, "cdcs_a1", f"198.51.100.{n}") for n in range(1, 9)]
    assert statuses[:4] == [200] * 4 and set(statuses[5:]) == {LOCKED}
    assert _try(client, "cdcs_a1", "192.0.2.99", "secret-pass-1306") == LOCKED  # even with the right password
    assert _try(client, "cdcs_b1", "192.0.2.99", "secret-pass-1306") == 302  # another name is not


def test_behind_a_named_proxy_each_client_is_counted_by_its_own_address(client, users, settings):
    settings.TRUSTED_PROXY_IPS = ["10.0.0.5"]
    for n in range(6):  # six people behind the proxy, each mistyping another name once
        assert _try(client, f"nobody{n}", "10.0.0.5", HTTP_X_FORWARDED_FOR=f"198.51.100.{n + 1}") == 200
    assert _try(client, "cdcs_a1", "10.0.0.5", "secret-pass-1306", HTTP_X_FORWARDED_FOR="192.0.2.10") == 302


def test_a_forwarded_header_is_ignored_unless_the_proxy_is_named(settings):
    factory = RequestFactory()
    forged = factory.get("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.1")
    settings.TRUSTED_PROXY_IPS = []
    assert client_ip(forged) == "203.0.113.7"
    settings.TRUSTED_PROXY_IPS = ["10.0.0.5"]
    assert client_ip(forged) == "203.0.113.7"  # not from the proxy: its header proves nothing
    via_proxy = factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.1")
    assert client_ip(via_proxy) == "192.0.2.1"  # the hop the proxy saw; the client's own claim is left
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="junk")) == "10.0.0.5"
    settings.TRUSTED_PROXY_HEADER = "X-Real-IP"
    assert client_ip(factory.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_REAL_IP="192.0.2.3")) == "192.0.2.3"


@pytest.mark.parametrize("setting", ["AXES_LOCKOUT_PARAMETERS"])
def test_the_lockout_parameters_are_separate_entries(settings, setting):
    assert getattr(settings, setting) == ["username", "ip_address"]
