"""User accounts and their roles."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from abcd.areas.models import LocalAuthority
from abcd.extensions import Model
from abcd.models_base import NEVER_REUSE_IDS, created_at_column, enum_column


class Role(enum.StrEnum):
    RESIDENT = "resident"
    OFFICER = "officer"  # bound to one local authority
    ADMIN = "admin"


class User(UserMixin, Model):
    __tablename__ = "user_account"  # "user" is reserved in PostgreSQL
    __table_args__ = NEVER_REUSE_IDS

    user_id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)  # stored lower-cased
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    display_name: Mapped[str] = mapped_column(sa.String(100))
    role: Mapped[Role] = mapped_column(enum_column(Role), default=Role.RESIDENT)
    la_code: Mapped[str | None] = mapped_column(sa.ForeignKey("local_authority.code", ondelete="SET NULL"), index=True)
    locale: Mapped[str] = mapped_column(sa.String(5), default="en")
    is_enabled: Mapped[bool] = mapped_column(sa.Boolean, default=True)
    created_at: Mapped[datetime] = created_at_column()
    last_login_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    # Set when the person follows the link emailed to this address; until then a "signed-in members"
    # audience does not include them (anyone can sign up with any address).
    email_verified_at: Mapped[datetime | None] = mapped_column(sa.DateTime)
    # Notices are emailed too unless the person opts out (account emails such as password resets always go).
    email_notices: Mapped[bool] = mapped_column(sa.Boolean, default=True, server_default=sa.true())
    # Part of every session's user id (get_id): raising it ends every session and remember-me cookie.
    session_epoch: Mapped[int] = mapped_column(sa.Integer, default=0, server_default="0")

    local_authority: Mapped[LocalAuthority | None] = relationship()

    def get_id(self) -> str:
        """What Flask-Login keeps in the session cookie; load_user accepts it only while the epoch holds."""
        return f"{self.user_id}:{self.session_epoch or 0}"

    def end_sessions(self) -> None:
        """End every session of this user, on every device, including copies of their cookies."""
        self.session_epoch = (self.session_epoch or 0) + 1

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in for disabled accounts
        return self.is_enabled

    def set_password(self, password: str) -> None:
        """Set a new password; every session signed in with the old one ends."""
        self.password_hash = generate_password_hash(password)  # scrypt, salted
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.user_id} {self.role}>"
