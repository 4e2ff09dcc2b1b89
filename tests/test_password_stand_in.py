"""Importing the account services costs no password hash (argon2 takes 64 MiB per hash, and every
worker imports them at boot), while a login with an unknown address still costs the same one
verification as a login with a known one."""
from __future__ import annotations

import subprocess
import sys

import argon2

from portal.auth import services
from portal.auth.services import authenticate

IMPORT_WITH_A_SPY = """
import argon2, argon2._password_hasher as hasher_module, argon2.low_level as low_level
calls = []
def spy(name, real):
    def recorded(*args, **kwargs):
        calls.append(name)
        return real(*args, **kwargs)
    return recorded
argon2.PasswordHasher.hash = spy("PasswordHasher.hash", argon2.PasswordHasher.hash)
for module in (hasher_module, low_level):
    for name in ("hash_secret", "hash_secret_raw"):
        if hasattr(module, name):
            setattr(module, name, spy(name, getattr(module, name)))
import portal.auth.services
print(calls)
"""


def test_importing_the_account_services_hashes_no_password(project_root):
    # A fresh interpreter: in this one the module is imported already.
    finished = subprocess.run([sys.executable, "-c", IMPORT_WITH_A_SPY], cwd=project_root,
                              capture_output=True, text=True, check=True)
    assert finished.stdout.strip() == "[]"


def test_the_stand_in_hash_has_the_cost_of_a_real_one():
    stand_in = argon2.extract_parameters(services._DUMMY_HASH)
    real = argon2.extract_parameters(services._hasher.hash("kring-demo-password"))
    assert stand_in == real
    assert not services._hasher.check_needs_rehash(services._DUMMY_HASH)


def test_an_unknown_address_costs_one_verification_against_the_stand_in(app, monkeypatch):
    verified: list[str] = []

    class CountingHasher(argon2.PasswordHasher):
        def verify(self, hash_text, password):
            verified.append(hash_text)
            return super().verify(hash_text, password)

    real, stand_in = services._active_hasher()
    counting = CountingHasher(time_cost=real.time_cost, memory_cost=real.memory_cost, parallelism=real.parallelism,
                              hash_len=real.hash_len, salt_len=real.salt_len, type=real.type)
    monkeypatch.setattr(services, "_active_hasher", lambda: (counting, stand_in))
    assert authenticate("nobody@example.org", "kring-timing-equaliser") is None
    assert verified == [stand_in]
