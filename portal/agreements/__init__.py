"""Agreements: the concrete arrangements of the plan, each carried out by tasks."""
