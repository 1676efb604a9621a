"""The data inventory (데이터 전수조사): one record per table or view found in a city database,
with the selection workflow 후보 → 선정 → 수집 / 제외. Its own table (alembic migration in
migration/busan_inventory), never CKAN's package tables."""

from __future__ import annotations

import datetime as dt

from ckan.model.types import make_uuid
from sqlalchemy import Column, DateTime, Integer, UnicodeText, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import declarative_base

Base = declarative_base()

CANDIDATE, SELECTED, COLLECTED, EXCLUDED = "candidate", "selected", "collected", "excluded"
STATUSES = (CANDIDATE, SELECTED, COLLECTED, EXCLUDED)


class InventoryRecord(Base):
    __tablename__ = "busan_inventory_record"
    __table_args__ = (UniqueConstraint("source_id", "schema_name", "table_name"),)

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    source_id = Column(UnicodeText, nullable=False, index=True)  # the harvest source
    schema_name = Column(UnicodeText, nullable=False)
    table_name = Column(UnicodeText, nullable=False)
    kind = Column(UnicodeText, nullable=False, default="table")  # table | view
    comment = Column(UnicodeText)
    columns = Column(JSONB, nullable=False, default=list)  # [{name, type, nullable, comment}]
    row_count = Column(Integer)
    last_change = Column(DateTime)
    status = Column(UnicodeText, nullable=False, default=CANDIDATE, index=True)
    reason = Column(UnicodeText)
    decided_by = Column(UnicodeText)
    decided_at = Column(DateTime)
    package_id = Column(UnicodeText)
    first_seen = Column(DateTime, default=dt.datetime.utcnow)
    last_seen = Column(DateTime, default=dt.datetime.utcnow)
    gone = Column(DateTime)  # no longer found in the database

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "source_id": self.source_id,
            "schema_name": self.schema_name,
            "table_name": self.table_name,
            "kind": self.kind,
            "comment": self.comment,
            "columns": self.columns or [],
            "row_count": self.row_count,
            "last_change": self.last_change.isoformat() if self.last_change else None,
            "status": self.status,
            "reason": self.reason,
            "decided_by": self.decided_by,
            "decided_at": self.decided_at.isoformat() if self.decided_at else None,
            "package_id": self.package_id,
            "first_seen": self.first_seen.isoformat() if self.first_seen else None,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
            "gone": self.gone.isoformat() if self.gone else None,
        }
