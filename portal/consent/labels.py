"""Words for permissions (consents), as people read them."""
from flask_babel import lazy_gettext as _l

from portal.consent.models import ConsentLevel
from portal.parts.models import PlanPart

LEVEL_LABELS = {
    ConsentLevel.READ: _l("Read"),
    ConsentLevel.COMMENT: _l("Read and comment"),
}

# The parts a family can give permission for. Not the conditions: professionals set them, and
# read them without a permission.
CONSENTABLE_PARTS: tuple[PlanPart, ...] = tuple(p for p in PlanPart if p != PlanPart.CONDITIONS)
