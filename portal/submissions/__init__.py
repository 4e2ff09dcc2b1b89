"""One-time form tokens: a create form saves once, however often it is sent."""
