"""The safety plan of the demo family 'Familie De Vries', in Dutch."""
from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from portal.extensions import db
from portal.families.models import Family, Person
from portal.parts.models import Visibility
from portal.safety.models import LinkKind
from portal.safety.services import (LinkDetails, SafePlaceDetails, SituationDetails, create_situation,
                                    save_briefing, save_safe_place)


def seed_demo(family: Family, today: date) -> None:
    """Three chains (for Sandra, for Sam, for Noor), safe places for both children, and who tells them."""
    people = {p.name: p for p in db.session.scalars(sa.select(Person).where(Person.family_id == family.id))}
    sam, noor = people["Sam"], people["Noor"]
    kees, ria = people["Kees de Vries"], people["Ria Jansen"]
    ellen, jeroen = people["Ellen de Vries"], people["Jeroen Bakker"]

    def someone(person, note=""):
        return LinkDetails(person, "", "", note, LinkKind.NETWORK)

    veilig_thuis = LinkDetails(None, "Veilig Thuis", "0800-2000", "Gratis, dag en nacht bereikbaar",
                               LinkKind.PROFESSIONAL)
    emergency = LinkDetails(None, "112", "112", "Alleen in nood: bij direct gevaar", LinkKind.EMERGENCY)

    create_situation(family, SituationDetails(
        "Als het thuis niet veilig is voor Sandra", None, Visibility.NETWORK,
        [someone(ria, "Woont twee deuren verder en heeft een sleutel"),
         someone(kees, "Kan er binnen een kwartier zijn"),
         veilig_thuis]))
    create_situation(family, SituationDetails(
        "Als Sam zich niet veilig voelt", sam, Visibility.NETWORK,
        [someone(jeroen, "Ook 's avonds en in het weekend"),
         someone(ellen, "Kan Sam ophalen met de auto"),
         emergency]))
    create_situation(family, SituationDetails(
        "Als Noor zich niet veilig voelt", noor, Visibility.NETWORK,
        [someone(ria, "Noor mag altijd aanbellen"),
         someone(kees),
         emergency]))

    save_briefing(family, "Sandra, samen met Jeroen",
                  "Sandra en Jeroen vertellen Sam en Noor samen welke afspraken er zijn gemaakt. "
                  "Ze leggen uit dat het thuis soms onrustig is, dat de grote mensen daarom hebben afgesproken "
                  "wie er helpt, en dat het nooit de schuld van de kinderen is. Noor hoort het in eenvoudige "
                  "woorden. Met Sam praat Jeroen daarna nog apart, bij de voetbal.",
                  Visibility.NETWORK)

    for youth, description, person in (
        (sam, "Naar opa Kees. Met de fiets is het tien minuten. Opa weet dat Sam altijd mag komen, "
              "ook zonder te bellen.", kees),
        (sam, "Naar Jeroen, of naar de kantine van de voetbalclub als er training is.", jeroen),
        (noor, "Naar Ria, twee deuren verder (nummer 14). Ze mag altijd aanbellen, ook 's avonds.", ria),
        (noor, "Op school naar juf Anke, de intern begeleider. Zij weet van de afspraken.", None),
    ):
        save_safe_place(family, SafePlaceDetails(youth, description, person, "", Visibility.NETWORK))
