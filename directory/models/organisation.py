"""Organisations that run resources."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from core.models.base import new_id
from core.times import utcnow

NAME_MAX = 200  # an organisation's name, at most


class OrganisationBase(SQLModel):
    """Fields every view of an organisation shares."""

    name: str = Field(min_length=1, max_length=NAME_MAX)
    description: str = Field(default="", max_length=5000)
    website: str = Field(default="", max_length=500)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)


class Organisation(OrganisationBase, table=True):
    """An organisation (charity, council service, club) that runs resources."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    name: str = Field(max_length=NAME_MAX, index=True)
    # Provenance of an imported organisation: the source's name and id, and its HSDS fields
    # the columns cannot hold (written back by the HSDS export).
    source: str = Field(default="", max_length=200)
    source_id: str = Field(default="", max_length=200, index=True)
    extras: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class OrganisationCreate(OrganisationBase):
    """An organisation as submitted."""


class OrganisationPublic(OrganisationBase):
    """An organisation as shown to anyone."""

    id: str
