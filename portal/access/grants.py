"""Who may grant which role: the role-granting part of the one access policy, as data.

Adding someone to the network, inviting someone who holds a role, and taking someone out of the
network all hand out (or take away) what a role allows, so all three ask this table through
`portal.access` (`may_grant`, `grantable_roles`, `may_invite`, `may_remove_person`).
"""
from __future__ import annotations

from dataclasses import dataclass

from portal.families.models import Role


@dataclass(frozen=True)
class GrantRights:
    """What one kind of member may hand out."""

    roles: frozenset[Role] = frozenset()
    # May add (or take out) a parent or carer with parental authority (gezag).
    parental_authority: bool = False

    def allow(self, role: Role, parental_authority: bool = False) -> bool:
        # Only a family member holds parental authority; for other roles the flag means nothing.
        if parental_authority and role == Role.FAMILY and not self.parental_authority:
            return False
        return role in self.roles


NO_RIGHTS = GrantRights()

# Keyed by the granter's role and whether they hold parental authority. Whoever is not named here
# grants nothing. Granting a mentor includes saying which young person chose them.
GRANTS: dict[tuple[Role, bool], GrantRights] = {
    # A parent with gezag decides who is in the family's space, and who decides with them.
    (Role.FAMILY, True): GrantRights(frozenset(Role), parental_authority=True),
    # A carer without gezag (a foster parent, say) keeps the plan with the children in their care and
    # brings in helpers, but does not make anyone family: that role gives permissions, withdraws
    # them and deletes the space, which is for the parents with gezag to hand out.
    (Role.FAMILY, False): GrantRights(frozenset({Role.YOUTH, Role.MENTOR, Role.NETWORK, Role.PROFESSIONAL})),
    # The mentor helps the family grow its network, and nothing above that: a mentor who could add
    # family could make a second account of theirs a parent.
    (Role.MENTOR, False): GrantRights(frozenset({Role.NETWORK})),
}


def grant_rights(role: Role, has_parental_authority: bool) -> GrantRights:
    """What a member with `role` (and with or without parental authority) may hand out."""
    return GRANTS.get((role, has_parental_authority and role == Role.FAMILY), NO_RIGHTS)
