"""Template helpers of contests (registered by tk.blanket.helpers)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

__all__ = ["busan_open_contests", "busan_contest_phase_label"]

PHASES = {"upcoming": "Upcoming", "open": "Open for entries", "closed": "Closed"}


def busan_open_contests() -> list[dict]:
    """Contests accepting entries today, for the home page."""
    return tk.get_action("busan_contest_list")({}, {"open": True})


def busan_contest_phase_label(phase: str) -> str:
    return tk._(PHASES.get(phase, phase))
