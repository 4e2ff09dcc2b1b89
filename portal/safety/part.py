"""The safety plan part describes itself to the part registry."""
from flask_babel import lazy_gettext as _l

from portal.families.models import Role
from portal.parts.models import PlanPart
from portal.parts.registry import NETWORK, PartInfo, register_part
from portal.safety import demo
from portal.safety.queries import safety_summary

register_part(PartInfo(
    PlanPart.SAFETY, title=_l("Safety plan"), log_words=_l("the safety plan"),
    endpoint="safety.index", readers=NETWORK | {Role.YOUTH}, summary=safety_summary, demo=demo.seed_demo,
    # Never narrowed as a whole: a youth must always find their own chain of people to call, so the
    # safety plan is narrowed per chain only.
    narrowable=False,
))
