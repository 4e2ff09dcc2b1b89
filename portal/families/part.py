"""The people around the family, as a part of the plan (the network map)."""
from flask_babel import lazy_gettext as _l

from portal.families.models import Role
from portal.parts.models import PlanPart
from portal.parts.registry import NETWORK, PartInfo, register_part

register_part(PartInfo(
    PlanPart.NETWORK_MAP, title=_l("The people around us"), log_words=_l("the people around the family"),
    endpoint="families.people", readers=NETWORK | {Role.YOUTH},
))
