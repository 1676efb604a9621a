"""The docker deployment schedules the e-mails: activity digests hourly (`ckan busan
send-emails`) and the overdue data requests report once a day (`ckan busan requests-overdue`)."""

from __future__ import annotations

from ..deploy.support import compose_services, example_env
from ..deploy.test_docker_compose import compose  # noqa: F401 - fixture


def test_notifications_service_sends_digests_hourly_and_overdue_reports_daily(compose):  # noqa: F811
    command = " ".join(compose_services(compose, example_env())["notifications"]["command"])
    assert "busan send-emails" in command and "sleep 3600" in command
    assert "busan requests-overdue" in command and "n % 24" in command
