"""Conditions: what professionals require the plan to cover, and whether it does."""
