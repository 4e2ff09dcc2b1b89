"""Network meetings (netwerkberaad): preparation, invitations with replies, and the outcome."""
