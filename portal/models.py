"""Every model, imported in one place so that Alembic and the app see the whole schema."""
from portal.auth.models import User
from portal.families.models import Family, Person, Role
from portal.invitations.models import Invitation
from portal.plans.models import PartVisibility, PlanPart, Visibility
from portal.tasks.models import Category, Rhythm, Task, TaskAction, TaskEvent, TaskStatus

__all__ = [
    "Category", "Family", "Invitation", "PartVisibility", "Person", "PlanPart", "Rhythm", "Role",
    "Task", "TaskAction", "TaskEvent", "TaskStatus", "User", "Visibility",
]
