"""The safety plan: chains of people to call, safe places for the children, and who tells them."""
