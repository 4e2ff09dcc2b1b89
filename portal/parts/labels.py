"""Words for who sees a part or an entry."""
from flask_babel import lazy_gettext as _l

from portal.parts.models import Visibility

VISIBILITY_CHOICES = {
    Visibility.NETWORK: _l("The whole network"),
    Visibility.FAMILY_AND_MENTOR: _l("Only the family and the mentor"),
}
