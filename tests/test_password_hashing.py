"""The testing profile hashes passwords cheaply; production keeps argon2id at full strength."""
from __future__ import annotations

from argon2 import PasswordHasher, Type, extract_parameters, profiles

from portal import create_app
from portal.auth.services import authenticate, hash_password, password_matches
from tests.factories import PASSWORD, UserFactory


def test_production_hashes_with_the_full_rfc_9106_settings(monkeypatch, database_url):
    monkeypatch.setenv("SECRET_KEY", "a-long-random-secret-for-this-test")
    production = create_app("production", {"SQLALCHEMY_DATABASE_URI": database_url})
    with production.app_context():
        parameters = extract_parameters(hash_password("a long enough password"))
    assert parameters == profiles.RFC_9106_LOW_MEMORY


def test_outside_an_app_the_full_settings_apply_too():
    assert extract_parameters(hash_password("a long enough password")) == profiles.RFC_9106_LOW_MEMORY


def test_the_testing_profile_hashes_with_light_argon2id(app):
    parameters = extract_parameters(hash_password("a long enough password"))
    assert parameters.type == Type.ID
    assert (parameters.time_cost, parameters.memory_cost, parameters.parallelism) == (1, 1024, 1)


def test_a_full_strength_hash_still_logs_in_under_the_testing_profile_and_is_made_light(app):
    user = UserFactory(password_hash=PasswordHasher().hash(PASSWORD))
    assert password_matches(user, PASSWORD)
    assert authenticate(user.email, PASSWORD) is user
    assert extract_parameters(user.password_hash).memory_cost == 1024
    assert authenticate(user.email, "not the password") is None
