"""The feature packages of Kring, found rather than listed: every package of `portal` with a
`routes.py` is a feature whose `bp` the app registers, and a feature with a `part.py` is a part of
the plan that registers itself in the part registry when it is imported."""
from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from importlib.util import find_spec

import portal


@cache
def feature_names() -> tuple[str, ...]:
    """The names of the feature packages, in alphabetical order (the order does not matter)."""
    return tuple(sorted(info.name for info in pkgutil.iter_modules(portal.__path__)
                        if info.ispkg and find_spec(f"portal.{info.name}.routes") is not None))


def load_parts() -> None:
    """Import every feature's `part.py`, so that each part registers itself."""
    for name in feature_names():
        if find_spec(f"portal.{name}.part") is not None:
            importlib.import_module(f"portal.{name}.part")


def blueprints() -> list:
    return [importlib.import_module(f"portal.{name}.routes").bp for name in feature_names()]
