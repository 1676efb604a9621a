"""Moderation state of citizen-contributed datasets: its own table (migration in
migration/busan_citizen); the dataset itself is an ordinary CKAN dataset of the citizen space."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, UnicodeText
from sqlalchemy.orm import declarative_base

from ckanext.busan.citizen.policy import PENDING

Base = declarative_base()


class CitizenSubmission(Base):
    __tablename__ = "busan_citizen_submission"

    package_id = Column(UnicodeText, primary_key=True)
    user_id = Column(UnicodeText, nullable=False, index=True)  # the contributor
    status = Column(UnicodeText, nullable=False, default=PENDING, index=True)
    reason = Column(UnicodeText)  # why it was rejected, shown to the contributor
    submitted_at = Column(DateTime, nullable=False, default=dt.datetime.utcnow)
    moderated_by = Column(UnicodeText)
    moderated_at = Column(DateTime)

    def as_dict(self) -> dict:
        return {
            "package_id": self.package_id,
            "user_id": self.user_id,
            "status": self.status,
            "reason": self.reason,
            "submitted_at": self.submitted_at.isoformat(),
            "moderated_by": self.moderated_by,
            "moderated_at": self.moderated_at.isoformat() if self.moderated_at else None,
        }
