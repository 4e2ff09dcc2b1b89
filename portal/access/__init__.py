"""The one access policy of Kring.

Every question "may this user see or do this, in this family?" is answered in this package, from the
user's membership (a `Person` with their account), its role, the youth's age and the family's
consents:
- `flags`: what each role may do, as capability flags;
- `context`: the `FamilyContext` a family page is handed (membership, flags, narrowed parts, consent);
- `scopes`: the scoped queries every list starts from, so no page can forget a filter;
- `rules`: yes-or-no rules about one person or one entry;
- `views`: the loaders that run before a view body, check access and open the access-log row;
- `inner`: loaders for a second thing a URL or form names inside what a route's loader admitted.

Something a user may not see answers 404, so that its existence does not leak. Something a user
may see but not do answers 403. Templates only test the flags and answers they are handed.
"""
from portal.access.flags import (
    Access, READ_CAPABILITIES, ROLE_ACCESS, YOUTH_RIGHTS, access_for, is_young_child,
)
from portal.access.context import (
    FamilyContext, family_context, membership_of, memberships_of_user,
)
from portal.access.scopes import (
    visible_access_log, visible_consents, visible_entries, visible_people, visible_safe_places,
    visible_safety_situations, visible_tasks,
)
from portal.access.rules import (
    grantable_roles, may_grant, may_invite, may_choose_notifications, may_have_whole_plan_feed,
    HELPER_ROLES, could_see_entry, may_act_for, may_agree_to_consent, may_offer_help_as,
    may_open_safety_page_of, may_read_access_log, may_read_part_comments, may_remove_log_entry,
    may_remove_person, may_reply_for, may_see_contact_details, may_withdraw_consent,
    may_edit_contact_details, may_edit_person, may_offer_task_to, may_read_private_notes,
    may_put_up_photo, may_see_photo,
)
from portal.access.views import (
    account_entry_view, entry_as_it_is_now, family_view, token_view, part_entry_view, part_view, person_to_act_for, task_view,
    visible_entry_or_404,
)

__all__ = [
    "may_put_up_photo",
    "may_see_photo",
    "Access",
    "FamilyContext",
    "HELPER_ROLES",
    "READ_CAPABILITIES",
    "ROLE_ACCESS",
    "YOUTH_RIGHTS",
    "access_for",
    "account_entry_view",
    "token_view",
    "could_see_entry",
    "entry_as_it_is_now",
    "family_context",
    "family_view",
    "grantable_roles",
    "is_young_child",
    "may_act_for",
    "may_grant",
    "may_invite",
    "may_choose_notifications",
    "may_have_whole_plan_feed",
    "may_agree_to_consent",
    "may_offer_help_as",
    "may_open_safety_page_of",
    "may_read_access_log",
    "may_read_part_comments",
    "may_see_contact_details",
    "may_edit_contact_details",
    "may_edit_person",
    "may_offer_task_to",
    "may_read_private_notes",
    "may_remove_log_entry",
    "may_remove_person",
    "may_reply_for",
    "may_withdraw_consent",
    "membership_of",
    "memberships_of_user",
    "part_entry_view",
    "part_view",
    "person_to_act_for",
    "task_view",
    "visible_access_log",
    "visible_consents",
    "visible_entries",
    "visible_entry_or_404",
    "visible_people",
    "visible_safe_places",
    "visible_safety_situations",
    "visible_tasks",
]
