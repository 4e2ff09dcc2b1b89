"""The conditions part describes itself to the part registry."""
from flask_babel import lazy_gettext as _l

from portal.conditions import demo
from portal.conditions.services import conditions_summary
from portal.families.models import Role
from portal.parts.models import PlanPart
from portal.parts.registry import NETWORK, PartInfo, register_part

register_part(PartInfo(
    PlanPart.CONDITIONS, title=_l("Conditions"), log_words=_l("the conditions"),
    endpoint="conditions.index", readers=NETWORK | {Role.PROFESSIONAL}, summary=conditions_summary, demo=demo.seed_demo,
    # Professionals set the conditions: narrowing one hides it from the network, not from the
    # professionals who must follow whether it is met.
    spared_by_narrowing=frozenset({Role.PROFESSIONAL}),
))
