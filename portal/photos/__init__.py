"""Pictures of the people in a network: initials in a coloured circle, or a photo someone put up
of themselves."""
