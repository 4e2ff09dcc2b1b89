"""Everything Kring holds about one user, to read or to download (the right of access).

Limited to what the user may see now: every family's content comes through the scoped queries of
`portal.access` and of the parts' own packages, so an export never shows what a page would not (a
log entry the family narrowed away from its author is not in the author's export either). Values
stay plain (text, numbers, dates, enum members): never a secret, a hash or a session. What each
family section holds is in `portal.privacy.sections`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from portal.access import FamilyContext, family_context, memberships_of_user
from portal.auth.models import User
from portal.extensions import utcnow
from portal.privacy.sections import FAMILY_SECTIONS, Row, access_log_rows


@dataclass(frozen=True)
class Section:
    key: str          # names the section in the JSON and its heading on the page (see labels.py)
    rows: list[Row]


@dataclass(frozen=True)
class FamilyData:
    family_id: int
    family_name: str
    membership: Row
    sections: list[Section]


@dataclass(frozen=True)
class PersonalData:
    exported_at: datetime
    account: Row
    account_log: list[Row]   # the access-log rows of the account itself: logins, exports
    families: list[FamilyData]

    def as_json(self) -> dict:
        """The same data as plain JSON values: enums as their values, dates in ISO 8601."""
        return {
            "exported_at": _plain(self.exported_at),
            "account": _plain(self.account),
            "access_log": _plain(self.account_log),
            "families": [{"id": f.family_id, "name": f.family_name, "membership": _plain(f.membership),
                          **{s.key: _plain(s.rows) for s in f.sections}} for f in self.families],
        }


def _plain(value):
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, frozenset, set)):
        return [_plain(item) for item in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, str):
        return str(value)  # a StrEnum member becomes its value
    return value


def personal_data(user: User) -> PersonalData:
    """Everything about `user` that they may see now, per family they are in."""
    families = []
    for membership in memberships_of_user(user.id):
        ctx = family_context(user.id, membership.family_id)
        if ctx is None:  # pragma: no cover - the membership was just read
            continue
        families.append(FamilyData(ctx.family.id, ctx.family.name, _membership(ctx),
                                   [Section(key, collect(ctx, user)) for key, collect in FAMILY_SECTIONS]))
    return PersonalData(utcnow(), _account(user), access_log_rows(user, None), families)


def _account(user: User) -> Row:
    # Never the password hash, the two-factor secret or the recovery codes: only whether it is on.
    return {"name": user.name, "email": user.email, "language": user.locale,
            "two_factor": user.has_two_factor, "account_since": user.created_at}


def _membership(ctx: FamilyContext) -> Row:
    me = ctx.membership
    return {"name": me.name, "relation": me.relation, "role": me.role, "email": me.email, "phone": me.phone,
            "date_of_birth": me.date_of_birth, "has_parental_authority": me.has_parental_authority,
            "mentor_of": me.mentor_for.name if me.mentor_for else None, "in_network_since": me.created_at,
            # What the network map says of them (the family's private notes are not theirs to read).
            "birth_year": me.birth_year, "gender": me.gender, "lives": me.lives}
