"""Geography: local authorities, wards, postcodes and a record of which official datasets were loaded."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from abcd.extensions import Model
from abcd.models_base import utcnow


class LocalAuthority(Model):
    __tablename__ = "local_authority"

    code: Mapped[str] = mapped_column(sa.String(9), primary_key=True)  # ONS code, e.g. W06000015
    name_en: Mapped[str] = mapped_column(sa.String(100))
    name_cy: Mapped[str] = mapped_column(sa.String(100))
    boundary_geojson: Mapped[str | None] = mapped_column(sa.Text)

    wards: Mapped[list[Ward]] = relationship(back_populates="local_authority", order_by="Ward.name_en")

    def __repr__(self) -> str:
        return f"<LocalAuthority {self.code} {self.name_en}>"


class Ward(Model):
    __tablename__ = "ward"

    code: Mapped[str] = mapped_column(sa.String(9), primary_key=True)  # ONS code, e.g. W05001270
    la_code: Mapped[str] = mapped_column(sa.ForeignKey("local_authority.code", ondelete="CASCADE"), index=True)
    name_en: Mapped[str] = mapped_column(sa.String(100))
    name_cy: Mapped[str] = mapped_column(sa.String(100))
    boundary_geojson: Mapped[str | None] = mapped_column(sa.Text)
    area_m2: Mapped[float | None] = mapped_column(sa.Float)
    centroid_lat: Mapped[float | None] = mapped_column(sa.Float)
    centroid_lon: Mapped[float | None] = mapped_column(sa.Float)

    local_authority: Mapped[LocalAuthority] = relationship(back_populates="wards")

    def __repr__(self) -> str:
        return f"<Ward {self.code} {self.name_en}>"


class Postcode(Model):
    """One live postcode in or around the three areas; outside ones only say where they are."""

    __tablename__ = "postcode"

    postcode: Mapped[str] = mapped_column(sa.String(8), primary_key=True)  # formatted "CF10 1AA"
    latitude: Mapped[float] = mapped_column(sa.Float)
    longitude: Mapped[float] = mapped_column(sa.Float)
    in_area: Mapped[bool] = mapped_column(sa.Boolean, index=True)
    # Codes are kept even for areas we do not hold, so an outside postcode can be named.
    la_code: Mapped[str | None] = mapped_column(sa.String(9))
    la_name: Mapped[str | None] = mapped_column(sa.String(100))
    ward_code: Mapped[str | None] = mapped_column(sa.String(9))


class DatasetLoad(Model):
    """Which official dataset was loaded, when, from where: provenance for the data sources page."""

    __tablename__ = "dataset_load"

    dataset_load_id: Mapped[int] = mapped_column(primary_key=True)
    dataset: Mapped[str] = mapped_column(sa.String(60), index=True)
    source_file: Mapped[str] = mapped_column(sa.String(255))
    row_count: Mapped[int] = mapped_column(sa.Integer)
    loaded_at: Mapped[datetime] = mapped_column(sa.DateTime, default=utcnow)
