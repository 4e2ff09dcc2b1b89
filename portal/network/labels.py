"""Words for the network map: family ties in plain words, where people live, the symbols, and the
sociogram's questions with their three circles."""
from flask_babel import lazy_gettext as _l

from portal.families.models import Distance, Shape
from portal.network.models import CircleQuestion, TieKind

# "Kees is ... Sandra": how the tie form reads, and how the tie is said on the map.
TIE_WORDS = {
    TieKind.PARENT: _l("a parent of"),
    TieKind.STEP_PARENT: _l("a step-parent of"),
    TieKind.PARTNER: _l("the partner of"),
    TieKind.SEPARATED: _l("separated from"),
    TieKind.SIBLING: _l("a brother or sister of"),
    TieKind.HALF_SIBLING: _l("a half-brother or half-sister of"),
    TieKind.CONFLICT: _l("in conflict with"),
    TieKind.NO_CONTACT: _l("without contact with"),
}

DISTANCE_LABELS = {
    Distance.NEARBY: _l("Nearby"),
    Distance.FAR: _l("Far away"),
    Distance.ABROAD: _l("Abroad"),
}

SHAPE_LABELS = {
    Shape.SQUARE: _l("A square (as for a man or a boy)"),
    Shape.CIRCLE: _l("A circle (as for a woman or a girl)"),
    Shape.NEUTRAL: _l("A diamond (another shape, or we do not say)"),
}

# Each question, and its three circles from the family outwards.
QUESTIONS = {
    CircleQuestion.IMPORTANT: (_l("Who is important to us?"),
                               (_l("Very important"), _l("Less important"), _l("Not important"))),
    CircleQuestion.MAY_HELP: (_l("Who may help us?"),
                              (_l("May surely help"), _l("May maybe help"), _l("Surely not"))),
    CircleQuestion.KNOWS_US: (_l("Who knows most about us?"),
                              (_l("Knows most"), _l("Knows a bit"), _l("Knows very little"))),
}


def question_text(question: CircleQuestion) -> str:
    return QUESTIONS[question][0]


def circle_names(question: CircleQuestion) -> tuple:
    return QUESTIONS[question][1]
