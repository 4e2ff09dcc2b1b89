"""Words for the kinds of numbers in a chain, as people read them."""
from flask_babel import lazy_gettext as _l

from portal.safety.models import LinkKind

# In the form: what kind of number is this?
LINK_KIND_CHOICES = {
    LinkKind.NETWORK: _l("Someone from the network"),
    LinkKind.PROFESSIONAL: _l("A professional or a helpline (for example the district team or Veilig Thuis)"),
    LinkKind.EMERGENCY: _l("Emergency number (112)"),
}

# On the plan page, beside a number that is not someone from the network.
LINK_KIND_BADGES = {
    LinkKind.NETWORK: _l("Network"),
    LinkKind.PROFESSIONAL: _l("Professional or helpline"),
    LinkKind.EMERGENCY: _l("Emergency number"),
}
