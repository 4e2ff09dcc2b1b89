"""The goal and the concerns describe themselves to the part registry."""
from flask_babel import lazy_gettext as _l

from portal.parts.models import PlanPart
from portal.parts.registry import NETWORK, PartInfo, register_part
from portal.plans import demo
from portal.plans.queries import concerns_summary, goal_summary

register_part(PartInfo(
    PlanPart.GOAL, title=_l("Goal and our own words"), log_words=_l("the goal and the family's own words"),
    endpoint="plans.goal", readers=NETWORK, summary=goal_summary, demo=demo.seed_demo))
register_part(PartInfo(
    PlanPart.CONCERNS, title=_l("Concerns, strengths and exceptions"), log_words=_l("the concerns and strengths"),
    endpoint="plans.concerns", readers=NETWORK, summary=concerns_summary))
