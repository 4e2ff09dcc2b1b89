"""Small images made with Pillow for the photo tests."""
from __future__ import annotations

from io import BytesIO

from PIL import Image

# EXIF tags: the GPS block, and in it latitude and longitude (as degrees, minutes, seconds).
GPS_IFD, GPS_LATITUDE_REF, GPS_LATITUDE, GPS_LONGITUDE_REF, GPS_LONGITUDE = 0x8825, 1, 2, 3, 4


def image_bytes(size=(64, 48), colour=(200, 120, 40), fmt="JPEG", exif=None, mode="RGB") -> bytes:
    out = BytesIO()
    image = Image.new(mode, size, colour)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def tiny_jpeg() -> bytes:
    return image_bytes()


def jpeg_with_gps(size=(800, 600)) -> bytes:
    """A JPEG taken, its EXIF says, in Amsterdam (52°22'N 4°54'E) with a camera named "TestCam"."""
    exif = Image.Exif()
    exif[0x0110] = "TestCam"   # Model
    exif.get_ifd(GPS_IFD).update({GPS_LATITUDE_REF: "N", GPS_LATITUDE: (52.0, 22.0, 0.0),
                                  GPS_LONGITUDE_REF: "E", GPS_LONGITUDE: (4.0, 54.0, 0.0)})
    return image_bytes(size=size, exif=exif)
