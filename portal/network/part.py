"""The network map (the people around us, their family tree and circles) describes itself to the
part registry. Professionals see it only with the family's consent for it."""
from flask_babel import lazy_gettext as _l

from portal.families.models import Role
from portal.network import demo
from portal.network.queries import map_summary
from portal.parts.models import PlanPart
from portal.parts.registry import NETWORK, PartInfo, register_part

register_part(PartInfo(
    PlanPart.NETWORK_MAP, title=_l("The people around us"), log_words=_l("the people around the family"),
    endpoint="network.index", readers=NETWORK | {Role.YOUTH}, summary=map_summary, demo=demo.seed_demo,
))
