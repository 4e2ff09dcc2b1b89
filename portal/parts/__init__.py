"""The floor every part of the plan stands on: the part enum and visibility, shared form fields,
compare-and-set saves, and the registry in which each part describes itself (title, page, summary,
who reads it, how the access log names it). Nothing here imports a feature package."""
