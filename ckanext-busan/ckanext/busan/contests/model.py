"""Contests and their entries: own tables (migration in migration/busan_contests)."""

from __future__ import annotations

import datetime as dt

from ckan.model.types import make_uuid
from sqlalchemy import Column, Date, DateTime, ForeignKey, UnicodeText
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class Contest(Base):
    __tablename__ = "busan_contest"

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    name = Column(UnicodeText, nullable=False, unique=True)
    title = Column(UnicodeText, nullable=False)
    theme = Column(UnicodeText)
    description = Column(UnicodeText)
    how_to_enter = Column(UnicodeText)
    results = Column(UnicodeText)
    starts = Column(Date, nullable=False)
    ends = Column(Date, nullable=False)
    datasets = Column(JSONB, nullable=False, default=list)  # package ids to use
    created = Column(DateTime, nullable=False, default=dt.datetime.utcnow)
    created_by = Column(UnicodeText)


class ContestEntry(Base):
    """An entry (출품작): this project's own entry type, as no showcase plugin is enabled."""

    __tablename__ = "busan_contest_entry"

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    contest_id = Column(UnicodeText, ForeignKey("busan_contest.id", ondelete="CASCADE"), index=True)
    user_id = Column(UnicodeText, nullable=False)
    title = Column(UnicodeText, nullable=False)
    description = Column(UnicodeText)
    url = Column(UnicodeText)
    datasets = Column(JSONB, nullable=False, default=list)
    created = Column(DateTime, nullable=False, default=dt.datetime.utcnow)
