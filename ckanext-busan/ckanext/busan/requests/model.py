"""Data requests (데이터 제공신청): their own tables (alembic migration in
migration/busan_requests), never CKAN's package tables."""

from __future__ import annotations

import datetime as dt

from ckan.model.types import make_uuid
from sqlalchemy import Boolean, Column, Date, DateTime, ForeignKey, UnicodeText
from sqlalchemy.orm import declarative_base

from ckanext.busan.requests.workflow import RECEIVED

Base = declarative_base()


class DataRequest(Base):
    __tablename__ = "busan_data_request"

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    title = Column(UnicodeText, nullable=False)
    description = Column(UnicodeText, nullable=False)
    purpose = Column(UnicodeText, nullable=False)
    desired_format = Column(UnicodeText)
    owner_org = Column(UnicodeText, index=True)  # None: the requester did not know (모름)
    user_id = Column(UnicodeText, nullable=False, index=True)
    consent_at = Column(DateTime, nullable=False)  # 개인정보 수집·이용 동의
    created = Column(DateTime, nullable=False, default=dt.datetime.utcnow)
    modified = Column(DateTime, nullable=False, default=dt.datetime.utcnow)
    received_on = Column(Date, nullable=False)  # the day of receipt in Korea
    deadline = Column(Date, nullable=False, index=True)  # the one in force, kept for filtering
    extended = Column(Boolean, nullable=False, default=False)
    extension_reason = Column(UnicodeText)
    status = Column(UnicodeText, nullable=False, default=RECEIVED, index=True)
    answer = Column(UnicodeText)  # the organisation's message
    refusal_reason = Column(UnicodeText)
    duplicate_of = Column(UnicodeText)
    answered_at = Column(DateTime)
    answered_on = Column(Date)  # the day in Korea, compared with the deadline
    answered_by = Column(UnicodeText)
    package_id = Column(UnicodeText, index=True)  # the dataset that answers it
    closed_at = Column(DateTime)
    overdue_notified_at = Column(DateTime)


class DataRequestComment(Base):
    __tablename__ = "busan_data_request_comment"

    id = Column(UnicodeText, primary_key=True, default=make_uuid)
    request_id = Column(UnicodeText, ForeignKey("busan_data_request.id", ondelete="CASCADE"), index=True)
    user_id = Column(UnicodeText, nullable=False)
    text = Column(UnicodeText, nullable=False)
    created = Column(DateTime, nullable=False, default=dt.datetime.utcnow)


class DataRequestVote(Base):
    """나도 필요해요: one per user and request (the primary key)."""

    __tablename__ = "busan_data_request_vote"

    request_id = Column(UnicodeText, ForeignKey("busan_data_request.id", ondelete="CASCADE"), primary_key=True)
    user_id = Column(UnicodeText, primary_key=True)
    created = Column(DateTime, nullable=False, default=dt.datetime.utcnow)


class DataRequestFollower(Base):
    """Users told by e-mail when the request changes state (the requester follows by default)."""

    __tablename__ = "busan_data_request_follower"

    request_id = Column(UnicodeText, ForeignKey("busan_data_request.id", ondelete="CASCADE"), primary_key=True)
    user_id = Column(UnicodeText, primary_key=True)
    created = Column(DateTime, nullable=False, default=dt.datetime.utcnow)
