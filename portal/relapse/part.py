"""The when things go wrong again part describes itself to the part registry."""
from flask_babel import lazy_gettext as _l

from portal.parts.models import PlanPart
from portal.parts.registry import NETWORK, PartInfo, register_part
from portal.relapse import demo
from portal.relapse.queries import relapse_summary

register_part(PartInfo(
    PlanPart.RELAPSE, title=_l("When things go wrong again"), log_words=_l("the plan for when things go wrong again"),
    endpoint="relapse.index", readers=NETWORK, summary=relapse_summary, demo=demo.seed_demo,
))
