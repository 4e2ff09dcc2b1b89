"""Keeping it going: what the family and the mentor look at before each meeting."""
