"""The network meetings part describes itself to the part registry."""
from flask_babel import lazy_gettext as _l

from portal.families.models import Role
from portal.meetings import demo
from portal.parts.models import PlanPart
from portal.parts.registry import NETWORK, PartInfo, register_part

register_part(PartInfo(
    PlanPart.MEETINGS, title=_l("Network meetings"), log_words=_l("the network meetings"),
    endpoint="meetings.index", readers=NETWORK | {Role.YOUTH}, demo=demo.seed_demo,
))
