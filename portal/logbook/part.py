"""The log part describes itself to the part registry."""
from flask_babel import lazy_gettext as _l

from portal.families.models import Role
from portal.logbook import demo
from portal.logbook.queries import log_summary
from portal.parts.models import PlanPart
from portal.parts.registry import NETWORK, PartInfo, register_part

register_part(PartInfo(
    PlanPart.LOG, title=_l("Log"), log_words=_l("the log"),
    endpoint="log.index", readers=NETWORK | {Role.YOUTH}, summary=log_summary, demo=demo.seed_demo,
))
