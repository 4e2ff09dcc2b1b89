"""Notifications: who hears of what, by mail, right away or in the weekly digest.

- `rules`: the table "who is notified of what", and the choices a person has per kind;
- `events`: turns what the services already write (task events, meeting invitations, new
  conditions and consents) into notifications, in the same transaction;
- `services`: one notification to one person: decided by their preference, kept once per key,
  composed in their language and written to the outbox;
- `schedule`: reminders and the weekly digest, idempotent;
- `feeds`: the private calendar feeds.
"""
