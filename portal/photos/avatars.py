"""A person's initials in a coloured circle, for everyone without a photo (or whose photo the
reader may not see). The colour follows from the person's id, so a person keeps it everywhere.

The palette is a table, and `kring.css` has a class `avatar-c<N>` for each row with exactly
these colours (tests/test_photos.py checks both that and that every pair passes WCAG AA).
"""
from __future__ import annotations

# (background, initials) per colour: soft, calm backgrounds with dark text.
AVATAR_PALETTE: tuple[tuple[str, str], ...] = (
    ("#d7ece7", "#0b4f46"),   # teal
    ("#fbe3c5", "#6b3a0d"),   # amber
    ("#f6d9dc", "#7a1f2b"),   # rose
    ("#dbe6f6", "#1e3a6b"),   # blue
    ("#dcefd8", "#24512a"),   # green
    ("#e7def3", "#4a2a6e"),   # lavender
    ("#efe6d2", "#5a4520"),   # sand
    ("#dde4e8", "#2c3e48"),   # slate
)


def avatar_colour(person_id: int) -> int:
    """The row of `AVATAR_PALETTE` for this person: neighbours in a list get different colours."""
    return person_id % len(AVATAR_PALETTE)


def initials(name: str) -> str:
    """"Kees de Vries" → "KV", "Sam" → "S": the first letters of the first and the last word."""
    words = [word for word in name.split() if word[:1].isalnum()]
    if not words:
        return "?"
    first, last = words[0][0], words[-1][0] if len(words) > 1 else ""
    return (first + last).upper()


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a "#rrggbb" colour."""
    def channel(hex_pair: str) -> float:
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two "#rrggbb" colours (1 to 21; AA asks 4.5 for text)."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
