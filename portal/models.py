"""Every model, imported in one place so that Alembic and the app see the whole schema."""
from portal.agreements.models import Agreement
from portal.audit.models import AccessLogEntry, AuditChainHead
from portal.auth.models import EmailConfirmation, PasswordReset, RecoveryCode, User
from portal.consent.models import Consent, ConsentApproval, ConsentLevel, ConsentPart, ConsentStatus, PartComment
from portal.conditions.models import Condition, ConditionComment, condition_agreements
from portal.families.models import Family, Person, Role
from portal.invitations.models import Invitation
from portal.meetings.models import (Meeting, MeetingInvitation, Reply, meeting_agreements,
                                    meeting_shared_entries)
from portal.logbook.models import LogEntry
from portal.network.models import FamilyTie, Placement, Sociogram
from portal.outbox.models import MailStatus, OutboxMessage
from portal.notifications.models import CalendarFeed, Notification, NotificationPreference
from portal.needs.models import HelpOffer, Need, Participation, need_tasks
from portal.photos.models import PersonPhoto
from portal.plans.models import EntryKind, Plan, PlanEntry, PlanField, PlanRevision, PlanStatus
from portal.parts.models import PartVisibility, PlanPart, Visibility
from portal.relapse.models import AlarmPair, RelapseEntry, RelapseKind
from portal.safety.models import ChainLink, ChildrenBriefing, LinkKind, SafePlace, SafetySituation
from portal.scores.models import ScaleAnswer, ScaleQuestion
from portal.submissions.models import FormSubmission
from portal.tasks.models import Category, Rhythm, Task, TaskAction, TaskEvent, TaskStatus

__all__ = [
    "Consent", "ConsentApproval", "ConsentLevel", "ConsentPart", "ConsentStatus", "PartComment",
    "AccessLogEntry", "AuditChainHead",
    "Agreement", "Condition", "ConditionComment", "condition_agreements", "EntryKind", "Plan", "PlanEntry",
    "PlanField", "PlanRevision", "PlanStatus",
    "Category", "Family", "Invitation", "PartVisibility", "Person", "PlanPart", "Rhythm", "Role",
    "Task", "TaskAction", "TaskEvent", "TaskStatus", "User", "Visibility",
    "Meeting", "MeetingInvitation", "Reply", "meeting_agreements", "meeting_shared_entries",
    "EmailConfirmation", "PasswordReset", "RecoveryCode",
    "FamilyTie", "Placement", "Sociogram",
    "HelpOffer", "LogEntry", "Need", "Participation", "ScaleAnswer", "ScaleQuestion", "need_tasks",
    "AlarmPair", "RelapseEntry", "RelapseKind",
    "ChainLink", "ChildrenBriefing", "LinkKind", "SafePlace", "SafetySituation",
    "FormSubmission", "PersonPhoto",
    "MailStatus", "OutboxMessage", "CalendarFeed", "Notification", "NotificationPreference",
]
