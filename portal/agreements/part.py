"""The agreements part describes itself to the part registry."""
from flask_babel import lazy_gettext as _l

from portal.agreements import demo
from portal.agreements.services import agreements_summary
from portal.parts.models import PlanPart
from portal.parts.registry import NETWORK, PartInfo, register_part

register_part(PartInfo(
    PlanPart.AGREEMENTS, title=_l("Agreements"), log_words=_l("the agreements"),
    endpoint="agreements.index", readers=NETWORK, summary=agreements_summary, demo=demo.seed_demo,
))
