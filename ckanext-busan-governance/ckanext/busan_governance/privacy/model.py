"""Internal governance fields and the access log, in this plugin's own tables (migration in
migration/busan_privacy): never in CKAN's package tables, so never in the package dict, the
search index, activity data or /dataset/changes."""

from __future__ import annotations

import datetime as dt

from ckan.model.types import make_uuid
from sqlalchemy import Boolean, Column, DateTime, UnicodeText
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import declarative_base

Base = declarative_base()

INTERNAL_FIELDS = ("steward_name", "steward_contact", "privacy_review_notes")


class DatasetInternal(Base):
    __tablename__ = "busan_dataset_internal"

    package_id = Column(UnicodeText, primary_key=True)
    steward_name = Column(UnicodeText)  # 데이터 관리 책임자
    steward_contact = Column(UnicodeText)
    privacy_review_notes = Column(UnicodeText)  # 개인정보 검토 의견
    modified = Column(DateTime)
    modified_by = Column(UnicodeText)

    def as_dict(self) -> dict:
        return {
            "package_id": self.package_id,
            **{name: getattr(self, name) or "" for name in INTERNAL_FIELDS},
            "modified": self.modified.isoformat() if self.modified else None,
            "modified_by": self.modified_by,
        }


class AccessLog(Base):
    __tablename__ = "busan_access_log"

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    at = Column(DateTime, nullable=False, default=dt.datetime.utcnow, index=True)
    user_name = Column(UnicodeText)
    ip = Column(UnicodeText)
    action = Column(UnicodeText, nullable=False)  # internal_show | internal_update | resource_download | ...
    package_id = Column(UnicodeText, index=True)
    resource_id = Column(UnicodeText)

    def as_dict(self) -> dict:
        return {
            "at": self.at.isoformat(),
            "user": self.user_name,
            "ip": self.ip,
            "action": self.action,
            "package_id": self.package_id,
            "resource_id": self.resource_id,
        }


PENDING, DONE, FAILED = "pending", "done", "error"
HELD, REVIEWED = "held", "reviewed"


class PiiScan(Base):
    """The personal-information scan of a resource's file: counts and masked samples only."""

    __tablename__ = "busan_pii_scan"

    resource_id = Column(UnicodeText, primary_key=True)
    package_id = Column(UnicodeText, nullable=False, index=True)
    scanned_at = Column(DateTime)
    status = Column(UnicodeText, nullable=False, default=PENDING)
    findings = Column(JSONB)
    message = Column(UnicodeText)

    def as_dict(self) -> dict:
        return {
            "resource_id": self.resource_id,
            "package_id": self.package_id,
            "scanned_at": self.scanned_at.isoformat() if self.scanned_at else None,
            "status": self.status,
            "findings": self.findings,
            "message": self.message,
        }


class PrivacyHold(Base):
    """A dataset made private because a scan found personal information, until an
    organisation admin marks it reviewed (then its former visibility comes back)."""

    __tablename__ = "busan_privacy_hold"

    package_id = Column(UnicodeText, primary_key=True)
    state = Column(UnicodeText, nullable=False, default=HELD)
    was_private = Column(Boolean, nullable=False, default=False)
    held_at = Column(DateTime, default=dt.datetime.utcnow)
    reviewed_by = Column(UnicodeText)
    reviewed_at = Column(DateTime)
