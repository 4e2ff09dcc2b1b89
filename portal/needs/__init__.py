"""Needs: what the family is looking for, how the network takes part, and offers of help."""
