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
    """An entry (출품작): a showcase of busan_showcase (analyses published by organisations),
    or, for citizens, who publish no showcases, a title with a link and the datasets used."""

    __tablename__ = "busan_contest_entry"

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    contest_id = Column(UnicodeText, ForeignKey("busan_contest.id", ondelete="CASCADE"), index=True)
    user_id = Column(UnicodeText, nullable=False)
    title = Column(UnicodeText, nullable=False)
    description = Column(UnicodeText)
    url = Column(UnicodeText)
    datasets = Column(JSONB, nullable=False, default=list)
    showcase_id = Column(UnicodeText)  # a public 'showcase' dataset (busan_showcase)
    created = Column(DateTime, nullable=False, default=dt.datetime.utcnow)
