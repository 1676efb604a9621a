"""Moderation steps, the honeypot and the rate limits (pure, no CKAN)."""

from __future__ import annotations

import pytest

from ckanext.busan.citizen import policy

pytestmark = pytest.mark.pure


def test_moderation_steps():
    policy.check_moderation("pending", "approved", None)
    policy.check_moderation("pending", "rejected", "출처를 적어 주세요")
    policy.check_moderation("approved", "rejected", "개인정보 포함")  # withdrawn after publication
    with pytest.raises(policy.PolicyError) as e:
        policy.check_moderation("pending", "rejected", "  ")
    assert e.value.field == "reason"
    for current, wanted in (("rejected", "approved"), ("approved", "approved"), ("pending", "pending")):
        with pytest.raises(policy.PolicyError):
            policy.check_moderation(current, wanted, "x")


def test_honeypot_and_limits():
    assert not policy.honeypot_tripped(None) and not policy.honeypot_tripped("  ")
    assert policy.honeypot_tripped("http://spam.example")
    assert not policy.over_limit(5, 5) and policy.over_limit(6, 5)
    assert not policy.over_limit(1000, 0)  # 0 switches the limit off
    assert policy.label("rejected", "ko_KR") == "반려" and policy.label("rejected", "en") == "Rejected"


def test_the_rate_limited_address_behind_proxies():
    assert policy.client_address("10.0.0.2", None, 0) == "10.0.0.2"
    assert policy.client_address("10.0.0.2", "203.0.113.9", 0) == "10.0.0.2"  # no proxy: header ignored
    assert policy.client_address("10.0.0.2", "203.0.113.9", 1) == "203.0.113.9"
    # a client that writes its own X-Forwarded-For cannot choose its bucket
    assert policy.client_address("10.0.0.2", "1.2.3.4, 203.0.113.9", 1) == "203.0.113.9"
    assert policy.client_address("10.0.0.2", "", 1) == "10.0.0.2"
