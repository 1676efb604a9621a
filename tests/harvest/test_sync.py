"""What a harvest run decides per record: pure rules of ckanext/busan/harvesters/sync.py."""

from __future__ import annotations

import pytest

from ckanext.busan.harvesters.sync import Previous, plan_sync

pytestmark = pytest.mark.pure


def previous(n: int) -> dict[str, Previous]:
    return {f"g{i}": Previous(f"h{i}", f"pkg{i}") for i in range(n)}


def test_new_changed_and_unchanged_records():
    plan = plan_sync({"g0": "h0", "g1": "changed", "new": "hx"}, previous(2), complete=True)
    assert plan.unchanged == ["g0"]
    assert sorted(plan.to_import) == ["g1", "new"]
    assert plan.to_withdraw == [] and plan.guard_reason is None


def test_a_record_without_a_dataset_is_imported_again():
    plan = plan_sync({"g0": "h0"}, {"g0": Previous("h0", None)}, complete=True)
    assert plan.to_import == ["g0"] and plan.unchanged == []


def test_records_gone_within_the_guard_are_withdrawn():
    seen = {f"g{i}": f"h{i}" for i in range(1, 20)}  # g0 is gone: 1 of 20 = 5%
    plan = plan_sync(seen, previous(20), complete=True)
    assert plan.to_withdraw == ["g0"] and plan.guard_reason is None


def test_mass_withdrawal_is_held_back_with_a_reason():
    seen = {f"g{i}": f"h{i}" for i in range(10)}  # half gone
    plan = plan_sync(seen, previous(20), complete=True, guard_share=0.1)
    assert plan.to_withdraw == []
    assert "10 of 20" in plan.guard_message and "50%" in plan.guard_message


def test_an_empty_source_withdraws_nothing():
    plan = plan_sync({}, previous(3), complete=True, guard_share=1.0)
    assert plan.to_withdraw == [] and "no records" in plan.guard_message


def test_an_incomplete_listing_withdraws_nothing():
    seen = {"g0": "h0"}
    plan = plan_sync(seen, previous(100), complete=False, guard_share=1.0)
    assert plan.to_withdraw == [] and "stopped early" in plan.guard_message
    assert plan.unchanged == ["g0"]  # what was read is still used


def test_guard_share_of_one_accepts_any_withdrawal_of_a_complete_listing():
    plan = plan_sync({"g0": "h0"}, previous(5), complete=True, guard_share=1.0)
    assert plan.to_withdraw == ["g1", "g2", "g3", "g4"]
