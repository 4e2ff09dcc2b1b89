"""The app starts, the schema comes from the migrations, and each role reaches its home page."""
from __future__ import annotations

import pytest

from tests.conftest import page_text


def test_welcome_page_is_dutch_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="nl"' in response.get_data(as_text=True)


@pytest.mark.parametrize("role, landing", [
    ("family", "/today"), ("mentor", "/today"), ("network", "/my-tasks"),
    ("youth", "/"), ("professional", "/"),
])
def test_each_role_lands_on_its_own_home(auth, world, role, landing):
    client = auth.login(role)
    response = client.get(f"/families/{world.family.id}/", follow_redirects=True)
    assert response.status_code == 200
    assert response.request.path == f"/families/{world.family.id}{landing}"
    assert world.family.name in page_text(response)
