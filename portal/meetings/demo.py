"""The meetings of the demo family 'Familie De Vries', in Dutch: the Eigen Kracht-conferentie six
weeks ago where the plan was made, a talk between Sandra and Jeroen only, and the next network
meeting in three weeks, with everyone's answers."""
from __future__ import annotations

from datetime import date, time, timedelta

import sqlalchemy as sa

from portal.agreements.models import Agreement
from portal.agreements.services import AgreementText
from portal.extensions import db
from portal.families.models import Family, Person
from portal.meetings.models import Meeting, Reply
from portal.meetings.services import Preparation, add_outcome_agreement, create_meeting, invite, record_reply
from portal.plans.models import EntryKind, PlanEntry
from portal.parts.models import Visibility

# The agreements of the plan (see portal/agreements/demo.py) that were made at the conference.
MADE_AT_THE_CONFERENCE = (
    "Opa brengt Noor op maandag naar school",
    "De kinderen kunnen altijd bij Ria terecht",
    "Sandra krijgt elke week steun",
    "Samen de post en de rekeningen bijhouden",
)

CONFERENCE_NOTES = (
    "Er waren negen mensen. Sandra had niet gedacht dat iedereen zou komen, en was daar blij mee.\n\n"
    "Anouk van het wijkteam vertelde aan het begin over de zorgen en over de voorwaarden van het wijkteam. "
    "Daarna heeft de familie zonder hulpverleners het plan gemaakt, met koffie en appeltaart van Ria. "
    "Opa heeft het plan daarna aan Anouk verteld.\n\n"
    "Wat goed gaat: opa ziet Noor elke week, Ria woont vlakbij en heeft een sleutel, en Sam heeft veel "
    "steun aan voetbal en aan Jeroen.\n"
    "Waar we ons zorgen over maken: Sandra is vaak moe en staat er alleen voor. De avonden en de weekenden "
    "zijn zwaar.\n\n"
    "We hebben de afspraken hieronder gemaakt. Over zes weken kijken we samen hoe het gaat. Noor heeft een "
    "tekening gemaakt van iedereen die er was. Die hangt nu op de koelkast."
)


def seed_demo(family: Family, today: date) -> dict[str, Meeting]:
    """Three meetings with invitations and answers; the conference has notes and its agreements.
    Needs the plan's entries and agreements (portal/plans/demo.py) to be there already."""
    people = {p.name: p for p in db.session.scalars(sa.select(Person).where(Person.family_id == family.id))}
    sandra, jeroen = people["Sandra de Vries"], people["Jeroen Bakker"]
    mother = sandra.user
    entries = list(db.session.scalars(sa.select(PlanEntry).where(PlanEntry.family_id == family.id)
                                      .order_by(PlanEntry.id)))

    def answer(meeting: Meeting, name: str, reply: Reply, note: str = "") -> None:
        person = people[name]
        invitation = next(i for i in meeting.invitations if i.person_id == person.id)
        # Who has an account answers themselves; Sandra notes the answers of the others. Everyone
        # answered before the day itself, so the meeting's own date counts as "today".
        record_reply(invitation, reply, note, person.user or mother, today=meeting.meeting_date)

    conference = create_meeting(family.id, Preparation(
        title="Eigen Kracht-conferentie", meeting_date=today - timedelta(days=42), start_time=time(19, 0),
        place="Buurthuis De Schakel, zaal 2",
        goal="Samen een plan maken, zodat Sam en Noor veilig en fijn thuis kunnen wonen en Sandra er niet "
             "meer alleen voor staat.",
        agenda="Welkom en kennismaken\n"
               "Anouk van het wijkteam vertelt over de zorgen en de voorwaarden\n"
               "Wat gaat er goed?\n"
               "Waar maken we ons zorgen over?\n"
               "Familietijd: het netwerk maakt zonder hulpverleners een plan\n"
               "Het plan vertellen aan Anouk\n"
               "Wie doet wat, en wanneer zien we elkaar weer?",
        ground_rules="Iedereen mag uitpraten\n"
                     "We praten over de zorgen, niet over wie de schuld heeft\n"
                     "Wat hier gezegd wordt, blijft hier\n"
                     "Sam en Noor mogen altijd even naar buiten",
        shared_concerns="Eerst vertelt Sandra wat er goed gaat. Daarna praten we over de avonden en de "
                        "weekenden. De zorg over het drinken bespreekt Sandra eerst alleen met Jeroen en Anouk.",
        visibility=Visibility.NETWORK,
        shared_entries=tuple(e for e in entries if e.visibility == Visibility.NETWORK
                             and e.kind in (EntryKind.CONCERN, EntryKind.STRENGTH)),
    ), mother)
    invite(conference, [people[name] for name in (
        "Sandra de Vries", "Sam", "Noor", "Kees de Vries", "Ria Jansen", "Ellen de Vries", "Miriam Kaya",
        "Fatima El Amrani", "Jeroen Bakker")])
    for name in ("Sandra de Vries", "Sam", "Kees de Vries", "Ria Jansen", "Jeroen Bakker"):
        answer(conference, name, Reply.COMING)
    answer(conference, "Noor", Reply.COMING, "Alleen het eerste uur, daarna gaat ze met opa naar huis.")
    answer(conference, "Ellen de Vries", Reply.COMING)
    answer(conference, "Fatima El Amrani", Reply.COMING, "Ik neem mijn dochter mee, zij speelt met Noor.")
    answer(conference, "Miriam Kaya", Reply.NOT_COMING, "Ze is die week bij haar moeder in Turkije. Ze belt Sandra.")
    conference.notes = CONFERENCE_NOTES
    conference.agreements.extend(db.session.scalars(
        sa.select(Agreement).where(Agreement.family_id == family.id, Agreement.title.in_(MADE_AT_THE_CONFERENCE))
        .order_by(Agreement.id)))
    add_outcome_agreement(conference, AgreementText(
        "Over zes weken komen we weer bij elkaar",
        "Sandra plant de datum en Jeroen stuurt iedereen een bericht. We kijken dan samen wat goed gaat en "
        "wat anders moet.", Visibility.NETWORK), sandra)

    talk = create_meeting(family.id, Preparation(
        title="Voorgesprek met Jeroen", meeting_date=today + timedelta(days=14), start_time=time(10, 0),
        place="Koffie bij de bakker in de Dorpsstraat",
        goal="Bedenken wat Sandra zelf wil vertellen op het netwerkberaad, en wat ze liever nog voor zich houdt.",
        agenda="Hoe gaat het nu met je?\nWat wil ik delen met het netwerk?\nWat houd ik liever tussen ons?",
        ground_rules="Sandra beslist wat er gedeeld wordt",
        shared_concerns="", visibility=Visibility.FAMILY_AND_MENTOR,
        shared_entries=tuple(e for e in entries if e.visibility == Visibility.FAMILY_AND_MENTOR),
    ), mother)
    invite(talk, [sandra, jeroen])
    answer(talk, "Sandra de Vries", Reply.COMING)
    answer(talk, "Jeroen Bakker", Reply.COMING, "Ik trakteer op koffie.")

    follow_up = create_meeting(family.id, Preparation(
        title="Netwerkberaad: hoe gaat het met het plan?", meeting_date=today + timedelta(days=21),
        start_time=time(19, 30), place="Bij Sandra thuis, Lindelaan 12",
        goal="Kijken welke afspraken goed werken en welke we moeten veranderen. En samen een oplossing "
             "vinden voor het koken op woensdag.",
        agenda="Koffie en thee\n"
               "Rondje: hoe gaat het met iedereen?\n"
               "De schaalvraag: hoe veilig voelt het nu?\n"
               "Welke afspraken werken goed?\n"
               "Wat lukt nog niet? Het koken op woensdag\n"
               "Nieuwe afspraken\n"
               "Wanneer zien we elkaar weer?",
        ground_rules="Iedereen mag uitpraten\nWe zeggen wat goed gaat én wat niet goed gaat\nTelefoons op stil",
        shared_concerns="We beginnen met wat goed gaat. Daarna praten we over de drukke avonden, en over wat "
                        "er nodig is als Sandra erg moe is.",
        visibility=Visibility.NETWORK,
        shared_entries=tuple(e for e in entries if e.visibility == Visibility.NETWORK
                             and e.kind == EntryKind.STRENGTH),
    ), mother)
    invite(follow_up, [people[name] for name in (
        "Sandra de Vries", "Sam", "Kees de Vries", "Ria Jansen", "Ellen de Vries", "Miriam Kaya",
        "Fatima El Amrani", "Jeroen Bakker")])
    answer(follow_up, "Sandra de Vries", Reply.COMING)
    answer(follow_up, "Kees de Vries", Reply.COMING, "Ik neem Noor mee terug van zwemles.")
    answer(follow_up, "Jeroen Bakker", Reply.COMING)
    answer(follow_up, "Sam", Reply.MAYBE, "Als de training op tijd klaar is.")
    answer(follow_up, "Ria Jansen", Reply.MAYBE, "Ik weet mijn rooster nog niet.")
    answer(follow_up, "Ellen de Vries", Reply.COMING)
    answer(follow_up, "Miriam Kaya", Reply.NOT_COMING, "Werkt die avond, maar wil wel meedenken over woensdag.")
    db.session.flush()
    return {"conference": conference, "talk": talk, "follow_up": follow_up}
