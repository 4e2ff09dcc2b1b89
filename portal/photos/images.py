"""Checking and re-encoding an uploaded photo with Pillow.

What is kept is a new image made from the pixels alone: no EXIF (location, camera, time), no
comments, no colour profile, no second frame. It is turned the way the camera meant (EXIF
orientation), shrunk to at most `MAX_SIDE` pixels a side and saved as JPEG.
"""
from __future__ import annotations

from io import BytesIO

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

from portal.transactions import Refused

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_SIDE = 512
# Larger than any phone camera; a file claiming more is a decompression bomb, not a photo.
MAX_PIXELS = 50_000_000
ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
STORED_MIME_TYPE = "image/jpeg"


class PhotoRefused(Refused):
    """The upload is no photo Kring takes; `message` says why, in the user's language."""


TOO_LARGE = _l("This photo is larger than 5 MB. Please choose a smaller one.")
NOT_A_PHOTO = _l("This is not a photo Kring can use. Please choose a JPEG, PNG or WebP photo.")


def clean_photo(raw: bytes) -> bytes:
    """`raw` re-encoded as a JPEG of at most `MAX_SIDE` px a side, without any metadata.
    Raises `PhotoRefused` when it is too large or no JPEG, PNG or WebP image."""
    if len(raw) > MAX_UPLOAD_BYTES:
        raise PhotoRefused(TOO_LARGE)
    try:
        with Image.open(BytesIO(raw), formats=ACCEPTED_FORMATS) as image:
            if image.width * image.height > MAX_PIXELS:
                raise PhotoRefused(NOT_A_PHOTO)
            image.load()
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
            pixels = _on_white(upright)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError,
            Image.DecompressionBombWarning):
        raise PhotoRefused(NOT_A_PHOTO) from None
    # A fresh image holds the pixels and nothing else of the upload.
    clean = Image.new("RGB", pixels.size)
    clean.paste(pixels)
    out = BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


def _on_white(image: Image.Image) -> Image.Image:
    """The image in RGB; transparent parts become white (a JPEG has no transparency)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGB", rgba.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    return image.convert("RGB")
