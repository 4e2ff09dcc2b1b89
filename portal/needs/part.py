"""The what we are looking for part describes itself to the part registry."""
from flask_babel import lazy_gettext as _l

from portal.needs import demo
from portal.needs.queries import needs_summary
from portal.parts.models import PlanPart
from portal.parts.registry import NETWORK, PartInfo, register_part

register_part(PartInfo(
    PlanPart.NEEDS, title=_l("What we are looking for"), log_words=_l("what the family is looking for"),
    endpoint="needs.index", readers=NETWORK, summary=needs_summary, demo=demo.seed_demo,
))
