"""The shape of access, checked in the source so that it stays: the access package decides and
its loaders enforce (404 or 403) before a view body runs; the request owns the transaction; a
template tests the flags and asks the policy's answers, and derives no rule from roles itself."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

PORTAL = Path(__file__).resolve().parent.parent / "portal"

VIEW_FILES = sorted({*PORTAL.glob("**/routes.py"), *PORTAL.glob("**/*_views.py")})

# What a view body must not do: refuse by itself (the loaders in `portal.access` do), or end the
# request's transaction (`portal.transactions` does).
FORBIDDEN_IN_VIEWS = {
    "abort(": "refuses by itself: use a loader of portal.access (part_entry_view, ...)",
    "errors/404.html": "answers 404 by itself: use a loader of portal.access",
    "visible_entry_or_404(": "loads an entry in the body: use part_entry_view",
    "db.session.commit(": "commits: the request commits (portal.transactions)",
    ".rollback(": "rolls back: the request rolls back (portal.transactions)",
}


def _offences(source: str, forbidden: dict[str, str]) -> list[str]:
    return [f"line {number}: {pattern!r} {why}"
            for number, line in enumerate(source.splitlines(), start=1)
            for pattern, why in forbidden.items() if pattern in line and not line.lstrip().startswith("#")]


def test_there_are_view_files_to_check():
    names = {path.name for path in VIEW_FILES}
    assert "routes.py" in names and "account_views.py" in names


@pytest.mark.parametrize("path", VIEW_FILES, ids=lambda path: str(path.relative_to(PORTAL)))
def test_no_view_refuses_or_ends_the_transaction_itself(path):
    assert _offences(path.read_text(encoding="utf-8"), FORBIDDEN_IN_VIEWS) == []


def test_the_source_check_catches_each_pattern():
    # The check itself: a view body as it used to be is caught, line by line.
    old_body = ("    if person is None:\n        abort(404)\n"
                "    return render_template(\"errors/404.html\"), 404\n"
                "    entry = visible_entry_or_404(ctx, PlanEntry, part, entry_id)\n"
                "    db.session.commit()\n    db.session.rollback()\n")
    assert len(_offences(old_body, FORBIDDEN_IN_VIEWS)) == 5


TEMPLATES = PORTAL / "templates"
# A Jinja statement, or an expression with a condition in it: where a rule would be written.
_DECIDING = re.compile(r"\{%.*?%\}|\{\{[^}]*\bif\b.*?\}\}", re.DOTALL)
# Facts a rule of access is made of; a template asks the policy (flags, `may_...` answers) instead.
_RULE_FACTS = re.compile(r"\.role\b|\brole\.value\b|\bRole\.|in_family_circle|has_parental_authority"
                         r"|\.access\b|\.grant\b|narrowed_parts")


def _rules_in(template: str) -> list[str]:
    return [match.group(0) for match in _DECIDING.finditer(template) if _RULE_FACTS.search(match.group(0))]


@pytest.mark.parametrize("path", sorted(TEMPLATES.glob("**/*.html")),
                         ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_no_template_derives_an_access_rule(path):
    assert _rules_in(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("rule", [
    '{% if invitation.person.role == "professional" %}',
    "{% if ctx.role.value == 'family' %}",
    "{% if ctx.in_family_circle or person.id == ctx.membership.id %}",
    "{{ person.phone if ctx.role != Role.YOUTH }}",
    "{% set keeps = ctx.membership.has_parental_authority %}",
])
def test_the_template_check_catches_a_rule(rule):
    assert _rules_in(rule) != []


@pytest.mark.parametrize("shown", [
    '<span class="badge badge-{{ person.role.value }}">{{ person.role|role_name }}</span>',
    "{% if may_see_contact_details(ctx, person) %}",
    "{% if ctx.can(Access.MANAGE_PEOPLE) %}",
])
def test_the_template_check_lets_flags_answers_and_labels_through(shown):
    assert _rules_in(shown) == []
