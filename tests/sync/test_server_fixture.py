"""The real FreshRSS the sync tests run against: started per test, login checked."""

from __future__ import annotations

import httpx

from support.freshrss import FreshRSS


def test_the_server_accepts_its_api_password_and_refuses_another(freshrss: FreshRSS) -> None:
    login = f"{freshrss.api}/accounts/ClientLogin"
    good = httpx.post(login, data={"Email": freshrss.user, "Passwd": freshrss.api_password})
    bad = httpx.post(login, data={"Email": freshrss.user, "Passwd": "not-the-password"})
    assert good.status_code == 200 and "Auth=" in good.text
    assert bad.status_code == 401


def test_a_new_account_starts_empty(freshrss: FreshRSS) -> None:
    client = freshrss.client()
    try:
        assert client.get("subscription/list")["subscriptions"] == []
    finally:
        client.close()
