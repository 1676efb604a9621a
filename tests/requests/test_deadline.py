"""Deadlines of data requests as Korean administrative law counts them (pure, no CKAN):
the day of receipt not counted, a last day on a weekend or public holiday moved to the next
working day, one extension counted from the day after the first deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from ckanext.busan.requests import deadline as d
from ckanext.busan.requests import messages, workflow

pytestmark = pytest.mark.pure
D = dt.date


def test_ten_days_from_the_day_after_receipt():
    # Monday 2 November 2026: day 1 is Tuesday the 3rd, day 10 Thursday the 12th
    assert D(2026, 11, 2).weekday() == 0
    assert d.compute(D(2026, 11, 2)).due == D(2026, 11, 12)


def test_a_deadline_on_a_weekend_moves_to_monday():
    assert d.compute(D(2026, 11, 4)).due == D(2026, 11, 16)  # day 10 is Saturday the 14th


def test_a_deadline_in_chuseok_moves_past_the_holidays_and_the_weekend():
    # day 10 = 25 Sep 2026 (추석), 26th (추석 연휴, a Saturday), 27th Sunday
    assert d.compute(D(2026, 9, 15)).due == D(2026, 9, 28)


def test_a_substitute_holiday_is_not_a_working_day():
    # 5 Oct 2026 is the substitute holiday for 개천절 (a Saturday)
    assert not d.is_working_day(D(2026, 10, 5))
    assert d.compute(D(2026, 9, 25)).due == D(2026, 10, 6)


def test_a_period_running_into_the_new_year_uses_next_years_holidays():
    assert d.compute(D(2026, 12, 22)).due == D(2027, 1, 4)  # 1 Jan holiday, then the weekend


def test_extension_starts_after_the_first_deadline():
    deadline = d.compute(D(2026, 11, 2), extended=True)
    assert deadline.first == D(2026, 11, 12)
    assert deadline.due == D(2026, 11, 23)  # day 10 after the 12th is Sunday the 22nd


def test_extension_after_a_moved_first_deadline_counts_from_the_moved_day():
    deadline = d.compute(D(2026, 11, 4), extended=True)
    assert (deadline.first, deadline.due) == (D(2026, 11, 16), D(2026, 11, 26))


def test_configured_periods():
    assert d.compute(D(2026, 11, 2), answer_days=5).due == D(2026, 11, 9)  # day 5 is Saturday the 7th
    assert d.compute(D(2026, 11, 2), extended=True, extension_days=3).due == D(2026, 11, 16)
    with pytest.raises(ValueError):
        d.compute(D(2026, 11, 2), answer_days=0)


def test_extension_only_once_and_before_the_first_deadline_passes():
    first = d.compute(D(2026, 11, 2))
    assert d.can_extend(first, D(2026, 11, 12))  # on the last day still
    assert not d.can_extend(first, D(2026, 11, 13))
    assert not d.can_extend(d.compute(D(2026, 11, 2), extended=True), D(2026, 11, 5))


def test_overdue_only_after_the_last_day_and_without_an_answer():
    deadline = d.compute(D(2026, 11, 2))
    assert not d.is_overdue(deadline, D(2026, 11, 12), None)
    assert d.is_overdue(deadline, D(2026, 11, 13), None)
    assert not d.is_overdue(deadline, D(2026, 12, 1), D(2026, 11, 20))
    extended = d.compute(D(2026, 11, 2), extended=True)
    assert not d.is_overdue(extended, D(2026, 11, 20), None)
    assert d.is_overdue(extended, D(2026, 11, 24), None)


def test_answered_late():
    deadline = d.compute(D(2026, 11, 2))
    assert not d.answered_late(deadline, D(2026, 11, 12))
    assert d.answered_late(deadline, D(2026, 11, 13))
    assert not d.answered_late(deadline, None)
    assert d.days_left(deadline, D(2026, 11, 10)) == 2
    assert d.days_left(deadline, D(2026, 11, 14)) == -2


def test_the_day_of_receipt_is_the_day_in_korea():
    assert d.seoul_date(dt.datetime(2026, 11, 1, 16, 0)) == D(2026, 11, 2)  # 01:00 KST
    assert d.seoul_date(dt.datetime(2026, 11, 2, 14, 59)) == D(2026, 11, 2)  # 23:59 KST


def test_workflow_steps_and_refusal_grounds():
    workflow.check_answer("received", "reviewing", None, None, None)
    workflow.check_answer("reviewing", "refused", "non_disclosure", None, None)
    with pytest.raises(workflow.WorkflowError) as e:
        workflow.check_answer("reviewing", "refused", None, None, None)
    assert e.value.field == "refusal_reason"
    with pytest.raises(workflow.WorkflowError) as e:
        workflow.check_answer("reviewing", "refused", "other", "  ", None)
    assert e.value.field == "refusal_text"
    with pytest.raises(workflow.WorkflowError):
        workflow.check_answer("refused", "provided", None, None, None)
    with pytest.raises(workflow.WorkflowError) as e:
        workflow.check_answer("received", "duplicate", None, None, "")
    assert e.value.field == "duplicate_of"
    with pytest.raises(workflow.WorkflowError):
        workflow.check_close("refused", "provided")
    assert workflow.mask_name("김부산") == "김**" and workflow.mask_name("") == "*"


def test_refusal_mail_names_the_ground_and_dispute_mediation():
    subject, body = messages.state_change(
        {"title": "주차장", "status": "refused", "refusal_reason": "non_disclosure", "answer": "개인정보 포함"},
        "http://x/request/1",
        "부산",
    )
    assert "거부" in subject and "Refused" in subject
    assert "공공데이터법 제17조 제1항 제1호" in body and "공공데이터제공분쟁조정위원회" in body
    assert "60일" in body and "http://x/request/1" in body
