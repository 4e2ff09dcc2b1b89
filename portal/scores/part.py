"""The scale questions part describes itself to the part registry."""
from flask_babel import lazy_gettext as _l

from portal.families.models import Role
from portal.parts.models import PlanPart
from portal.parts.registry import NETWORK, PartInfo, register_part
from portal.scores import demo
from portal.scores.queries import scores_summary

register_part(PartInfo(
    PlanPart.SCORES, title=_l("Scale questions"), log_words=_l("the scale questions"),
    endpoint="scores.index", readers=NETWORK | {Role.YOUTH}, summary=scores_summary, demo=demo.seed_demo,
))
