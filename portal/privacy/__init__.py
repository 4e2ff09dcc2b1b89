"""Privacy rights: see everything Kring holds about you, delete your account, delete a family
space, and take someone out of a family's network (handover)."""
