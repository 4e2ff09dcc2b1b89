"""The plan on paper: the whole plan as a PDF, and a safety card (wallet size and A4 for the fridge)."""
