"""Words for the ways of helping and of taking part, as people read them."""
from flask_babel import lazy_gettext as _l

from portal.needs.models import HelpMode, OfferStatus, TakingPart

HELP_MODE_LABELS = {
    HelpMode.VISIT: _l("A visit: someone comes by"),
    HelpMode.CALL: _l("A call: someone phones to ask how it goes"),
    HelpMode.EITHER: _l("A visit or a call, either is fine"),
}

TAKING_PART_LABELS = {
    TakingPart.THINK_ALONG: _l("Think along: come to meetings and help make the plan"),
    TakingPart.HELP_OUT: _l("Help out: do practical things, such as driving, cooking or babysitting"),
    TakingPart.BOTH: _l("Both: think along and help out"),
}

# The same, short, for lists of people.
TAKING_PART_GROUPS = {
    TakingPart.THINK_ALONG: _l("Think along"),
    TakingPart.HELP_OUT: _l("Help out"),
    TakingPart.BOTH: _l("Think along and help out"),
}

OFFER_STATUS_LABELS = {
    OfferStatus.PENDING: _l("Waiting for the family's answer"),
    OfferStatus.ACCEPTED: _l("Accepted: it is a task now"),
    OfferStatus.DECLINED: _l("Not needed now"),
}
