"""People's pictures: initials in a coloured circle (readable: WCAG AA), and the photo someone puts
up of themselves, checked and re-encoded, without location data, seen only inside the family."""
from __future__ import annotations

import re
from io import BytesIO

import pytest
from PIL import Image

from portal.extensions import db
from portal.photos.avatars import AVATAR_PALETTE, avatar_colour, contrast_ratio, initials
from portal.photos import images
from portal.photos import routes as photo_routes
from portal.photos.images import MAX_SIDE, MAX_UPLOAD_BYTES, TOO_LARGE, PhotoRefused, clean_photo
from portal.photos.models import PersonPhoto
from portal.tasks.models import TaskStatus
from tests.conftest import page_text, translated
from tests.factories import TaskFactory
from tests.images import GPS_IFD, image_bytes, jpeg_with_gps

WCAG_AA_TEXT = 4.5


# ---- initials ------------------------------------------------------------------------------------

@pytest.mark.parametrize("background, text", AVATAR_PALETTE)
def test_every_colour_of_the_palette_passes_wcag_aa_for_the_initials(background, text):
    assert contrast_ratio(text, background) >= WCAG_AA_TEXT


def test_the_contrast_formula_gives_the_known_answers():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)   # just below AA


def test_the_stylesheet_has_exactly_the_palette(project_root):
    css = (project_root / "portal" / "static" / "kring.css").read_text()
    found = {int(n): (bg, fg) for n, bg, fg in re.findall(
        r"\.avatar-c(\d+) \{ background: (#[0-9a-f]{6}); color: (#[0-9a-f]{6}); \}", css)}
    assert found == dict(enumerate(AVATAR_PALETTE))


@pytest.mark.parametrize("name, expected", [
    ("Kees de Vries", "KV"), ("Sam", "S"), ("fatima el amrani", "FA"), ("Élise", "É"), ("  ", "?"),
    ("Ria (buurvrouw) Jansen", "RJ"),
])
def test_initials(name, expected):
    assert initials(name) == expected


def test_the_colour_follows_from_the_person_and_neighbours_differ():
    assert avatar_colour(12) == avatar_colour(12)
    assert len({avatar_colour(person_id) for person_id in range(1, len(AVATAR_PALETTE) + 1)}) == len(AVATAR_PALETTE)


def test_the_people_list_and_task_pages_show_initials(app, auth, world):
    opa = world.people["network"]
    task = TaskFactory(family=world.family, status=TaskStatus.ACCEPTED, assignee=opa)
    db.session.commit()
    client = auth.login("family")
    circle = f'<span class="avatar avatar-m avatar-c{avatar_colour(opa.id)}" aria-hidden="true">{initials(opa.name)}</span>'
    assert circle in client.get(f"/families/{world.family.id}/people").get_data(as_text=True)
    small = circle.replace("avatar-m", "avatar-s")
    assert small in client.get(f"/tasks/{task.id}").get_data(as_text=True)
    assert small in client.get(f"/families/{world.family.id}/tasks").get_data(as_text=True)


# ---- a photo of oneself ----------------------------------------------------------------------------

def upload(client, family_id, data: bytes, filename="foto.jpg"):
    return client.post(f"/families/{family_id}/my-photo",
                       data={"photo": (BytesIO(data), filename)}, content_type="multipart/form-data")


def photo_url(world, person) -> str:
    db.session.refresh(person)
    return f"/families/{world.family.id}/people/{person.id}/photo?v={person.photo_version}"


def test_a_photo_loses_its_exif_and_location_and_is_made_smaller(app, auth, world):
    raw = jpeg_with_gps(size=(1600, 1200))
    assert Image.open(BytesIO(raw)).getexif().get_ifd(GPS_IFD), "the upload has a location"
    opa = world.people["network"]

    response = upload(auth.login("network"), world.family.id, raw)

    assert response.status_code == 303
    served = auth.login("family").get(photo_url(world, opa))
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    image = Image.open(BytesIO(served.data))
    assert dict(image.getexif()) == {}, "no EXIF at all: no location, no camera"
    assert "exif" not in image.info and b"Exif" not in served.data and b"TestCam" not in served.data
    assert max(image.size) == MAX_SIDE and image.size == (MAX_SIDE, MAX_SIDE * 3 // 4)
    assert served.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("fmt, mode, colour", [("PNG", "RGBA", (10, 20, 30, 0)), ("WEBP", "RGB", (10, 20, 30))])
def test_png_and_webp_are_taken_too(app, auth, world, fmt, mode, colour):
    response = upload(auth.login("network"), world.family.id, image_bytes(fmt=fmt, mode=mode, colour=colour),
                      filename=f"foto.{fmt.lower()}")
    assert response.status_code == 303
    stored = db.session.get(PersonPhoto, world.people["network"].id)
    assert Image.open(BytesIO(stored.data)).format == "JPEG"


@pytest.mark.parametrize("data, filename", [
    (b"%PDF-1.4 not a photo at all", "foto.jpg"),
    (image_bytes(fmt="GIF"), "foto.gif"),
    (image_bytes()[:200], "half.jpg"),   # a broken JPEG
    (b"", "empty.jpg"),
])
def test_what_is_no_photo_is_refused_with_a_message(app, auth, world, data, filename):
    response = upload(auth.login("network"), world.family.id, data, filename)

    assert response.status_code in (200, 422)
    text = page_text(response)
    assert (translated("This is not a photo Kring can use. Please choose a JPEG, PNG or WebP photo.") in text
            or translated("Please choose a photo.") in text)
    assert db.session.get(PersonPhoto, world.people["network"].id) is None
    db.session.refresh(world.people["network"])
    assert world.people["network"].photo_version is None


def test_a_photo_over_5_mb_is_refused():
    with pytest.raises(PhotoRefused) as refused:
        clean_photo(image_bytes() + b"\0" * MAX_UPLOAD_BYTES)
    assert refused.value.message == TOO_LARGE


def test_the_photo_page_says_when_a_photo_is_too_large(app, auth, world, monkeypatch):
    # A smaller limit for this test: werkzeug's test client leaves a 5 MB upload's temporary file open.
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 50_000)
    monkeypatch.setattr(photo_routes, "MAX_UPLOAD_BYTES", 50_000)

    response = upload(auth.login("network"), world.family.id, image_bytes() + b"\0" * 50_000)

    assert response.status_code == 422
    assert translated("This photo is larger than 5 MB. Please choose a smaller one.") in page_text(response)
    assert db.session.get(PersonPhoto, world.people["network"].id) is None


def test_only_members_of_the_family_who_see_the_people_list_see_a_photo(app, auth, world):
    opa = world.people["network"]
    upload(auth.login("network"), world.family.id, image_bytes())
    url = photo_url(world, opa)

    for role in ("family", "mentor", "youth", "network"):
        assert auth.login(role).get(url).status_code == 200, role
    assert auth.login("outsider").get(url).status_code == 404, "another family's member"
    assert auth.login("professional").get(url).status_code == 404, "a guest without permission for the people"
    assert app.test_client().get(url).status_code == 302
    # The other family's own URL does not reach opa either.
    other = f"/families/{world.other_family.id}/people/{opa.id}/photo"
    assert auth.login("outsider").get(other).status_code == 404


def test_a_professional_without_permission_for_the_people_list_may_not_see_a_photo(app, auth, world):
    """A professional (without permission for the people list) gets initials only."""
    from portal.access import family_context
    from portal.access.rules import may_see_photo
    opa = world.people["network"]
    upload(auth.login("network"), world.family.id, image_bytes())
    db.session.refresh(opa)
    assert may_see_photo(family_context(world.accounts["family"].id, world.family.id), opa)
    assert not may_see_photo(family_context(world.accounts["professional"].id, world.family.id), opa)


def test_a_photo_is_changed_and_removed_by_its_owner(app, auth, world):
    opa = world.people["network"]
    client = auth.login("network")
    upload(client, world.family.id, image_bytes(colour=(255, 0, 0)))
    first = photo_url(world, opa)
    upload(client, world.family.id, image_bytes(colour=(0, 0, 255)))
    second = photo_url(world, opa)
    assert first != second, "a new photo has a new address"
    page = client.get(f"/families/{world.family.id}/people").get_data(as_text=True)
    assert f'src="{second}"' in page

    response = client.post(f"/families/{world.family.id}/my-photo/remove")

    assert response.status_code == 303
    db.session.refresh(opa)
    assert opa.photo_version is None and db.session.get(PersonPhoto, opa.id) is None
    assert auth.login("family").get(f"/families/{world.family.id}/people/{opa.id}/photo").status_code == 404


def test_someone_puts_up_only_their_own_photo(app, auth, world):
    """The upload has no person in it: it is always the uploader's own."""
    upload(auth.login("family"), world.family.id, image_bytes())
    assert db.session.get(PersonPhoto, world.people["family"].id) is not None
    assert db.session.get(PersonPhoto, world.people["network"].id) is None


def test_leaving_the_network_takes_the_photo_down(app, auth, world):
    opa = world.people["network"]
    upload(auth.login("network"), world.family.id, image_bytes())
    client = auth.login("family")
    from tests.conftest import form_fields
    page = client.get(f"/families/{world.family.id}/people/{opa.id}/remove")
    client.post(f"/families/{world.family.id}/people/{opa.id}/remove", data=form_fields(page, "csrf_token"))
    db.session.refresh(opa)
    assert opa.has_left and opa.photo_version is None and db.session.get(PersonPhoto, opa.id) is None


def test_the_account_page_leads_to_the_photo_of_each_family(app, auth, world):
    """Also for a professional, who does not see the people list where the others find it."""
    page = auth.login("professional").get("/account").get_data(as_text=True)
    assert f'href="/families/{world.family.id}/my-photo"' in page
    assert auth.login("professional").get(f"/families/{world.family.id}/my-photo").status_code == 200


@pytest.mark.parametrize("side", [8_000, 10_000])   # over Kring's limit; and over Pillow's own warning too
def test_a_picture_of_too_many_pixels_is_refused_before_it_is_unpacked(side):
    out = BytesIO()
    Image.new("1", (side, side)).save(out, format="PNG")
    assert len(out.getvalue()) < MAX_UPLOAD_BYTES, "small as a file"
    with pytest.raises(PhotoRefused):
        clean_photo(out.getvalue())
