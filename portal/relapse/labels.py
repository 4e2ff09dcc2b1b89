"""Words for the sections of the relapse plan, as people read them."""
from flask_babel import lazy_gettext as _l

from portal.relapse.models import RelapseKind

# Each kind of entry: its heading on the page, and the question that helps people write.
KIND_SECTIONS = {
    RelapseKind.WARNING_SIGN: (_l("Warning signs"), _l("How do we notice that things are going wrong again?")),
    RelapseKind.AFTER_ALARM: (_l("What happens then"), _l("What happens once someone raises the alarm?")),
    RelapseKind.AGREEMENTS_BROKEN: (_l("When the safety agreements are not kept"),
                                    _l("What happens when the safety agreements are not kept?")),
}

# In the form: which kind of entry is this?
KIND_CHOICES = {
    RelapseKind.WARNING_SIGN: _l("A warning sign"),
    RelapseKind.AFTER_ALARM: _l("What happens once someone raises the alarm"),
    RelapseKind.AGREEMENTS_BROKEN: _l("What happens when the safety agreements are not kept"),
}
