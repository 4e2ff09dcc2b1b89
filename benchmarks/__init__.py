"""`make bench` (`python -m benchmarks`): Kring served the production way and loaded per page and
role; `python -m benchmarks inprocess` times the pages in-process (see __main__.py)."""
from __future__ import annotations

import json
from pathlib import Path


def write_report(report: dict, path: str) -> None:
    """Write a benchmark's results as JSON (the folder is made when missing) and say where."""
    output = Path(path)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nWritten to {output}")
