"""The offline gazetteer: postcodes, postcode districts and place names with coordinates."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from core.times import utcnow


class GazetteerEntry(SQLModel, table=True):
    """One place name or postcode and where it is."""

    __tablename__ = "gazetteer"

    # Upper-case postcode ("N7 6QT"), district ("N7") or lower-case place name ("kentish town").
    key: str = Field(primary_key=True, max_length=120)
    kind: str = Field(max_length=12, index=True)  # postcode | district | place
    name: str = Field(max_length=120)
    latitude: float
    longitude: float
    source: str = Field(default="", max_length=60)
    created_at: datetime = Field(default_factory=utcnow)
