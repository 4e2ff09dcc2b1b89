"""Words for the answers to a meeting invitation, as people read them."""
from flask_babel import lazy_gettext as _l

from portal.meetings.models import Reply

REPLY_LABELS = {
    Reply.WAITING: _l("No answer yet"),
    Reply.COMING: _l("Coming"),
    Reply.NOT_COMING: _l("Not coming"),
    Reply.MAYBE: _l("Maybe"),
}

# The answers a person can give, in the order of the buttons.
REPLY_CHOICES = [(reply.value, REPLY_LABELS[reply]) for reply in (Reply.COMING, Reply.MAYBE, Reply.NOT_COMING)]

