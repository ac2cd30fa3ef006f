"""The key store keeps only hashes; a key is shown once and verified in constant time."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest

from api.keys import KeyStore
from engine.errors import InputError


def test_a_new_key_verifies_as_its_owner_and_role(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    key = store.add("ofc-durham-1", "officer", ["durham"])
    info = store.verify(key)
    assert info is not None and (info.name, info.role) == ("ofc-durham-1", "officer")


def test_only_the_hash_of_a_key_is_stored(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    key = store.add("lead", "policy_lead", ["durham"])
    secret = key.split("_", 2)[2]
    raw = store.path.read_bytes()
    assert secret.encode() not in raw and key.encode() not in raw
    with sqlite3.connect(store.path) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(api_key)")]
    assert "secret_sha256" in columns and not any(c in ("key", "secret") for c in columns)
    assert store.path.stat().st_mode & 0o077 == 0


def test_keys_are_distinct_and_unguessable(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    keys = {store.add(f"k{n}", "officer", ["durham"]) for n in range(20)}
    assert len(keys) == 20
    assert all(len(k) > 50 for k in keys)


def test_a_revoked_key_no_longer_verifies(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    key = store.add("temp", "auditor", ["durham"])
    assert store.revoke("temp")
    assert store.verify(key) is None
    assert not store.revoke("temp")


@pytest.mark.parametrize("key", ["", "da_", "da__x", "xx_abc_def", "da_abc_" + "x" * 300])
def test_malformed_keys_do_not_verify(tmp_path: Path, key: str) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    store.add("someone", "officer", ["durham"])
    assert store.verify(key) is None


def test_names_are_unique_and_roles_known(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    store.add("same", "officer", ["durham"])
    with pytest.raises(InputError, match="already exists"):
        store.add("same", "admin", ["durham"])
    with pytest.raises(InputError, match="unknown role"):
        store.add("other", "superuser", ["durham"])
    with pytest.raises(InputError, match="key name"):
        store.add("bad name; drop", "officer", ["durham"])


def test_listing_shows_names_and_roles_never_keys(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    assert store.list() == []
    key = store.add("b-lead", "policy_lead", ["durham"])
    store.add("a-officer", "officer", ["durham"])
    listed = store.list()
    assert [(k.name, k.role) for k in listed] == [("a-officer", "officer"), ("b-lead", "policy_lead")]
    assert key not in repr(listed)


def test_an_absent_store_verifies_nothing(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path / "never-created")
    assert store.verify("da_abcdef012345_secret") is None
    assert not store.path.exists()


def test_a_key_carries_its_forces_or_national_scope(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    scoped = store.verify(store.add("ofc", "officer", ["durham", "cleveland", "durham"]))
    national = store.verify(store.add("nat", "auditor", all_forces=True))
    assert scoped is not None and scoped.forces == frozenset({"durham", "cleveland"})
    assert national is not None and national.forces is None and national.scope == "all forces"
    with pytest.raises(InputError, match="needs a scope"):
        store.add("none", "officer")
    with pytest.raises(InputError, match="not both"):
        store.add("both", "officer", ["durham"], all_forces=True)
    with pytest.raises(InputError, match="not a force name"):
        store.add("blank", "officer", [" "])


def test_keys_made_before_scopes_keep_national_scope_and_say_so(tmp_path: Path) -> None:
    path = tmp_path / "keys.sqlite3"
    with sqlite3.connect(path) as db:  # the key table as it was before scopes
        db.execute("CREATE TABLE api_key (key_id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, "
                   "role TEXT NOT NULL, secret_sha256 TEXT NOT NULL, created_at TEXT NOT NULL)")
        db.execute("INSERT INTO api_key VALUES ('0123456789ab', 'old', 'officer', ?, '2026-01-01')",
                   (hashlib.sha256(b"secret").hexdigest(),))
    store = KeyStore(path)
    info = store.verify("da_0123456789ab_secret")
    assert info is not None and info.forces is None and info.before_scopes
    assert info.scope == "all forces (made before scopes)"
    store.add("new", "officer", ["durham"])  # the store takes scoped keys beside it
    assert [k.scope for k in store.list()] == ["durham", "all forces (made before scopes)"]


def test_the_key_file_is_created_owner_only_whatever_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o002)
    try:
        store = KeyStore.in_data_dir(tmp_path / "data")
        store.add("k", "officer", ["durham"])
    finally:
        os.umask(old)
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.path.parent.stat().st_mode) == 0o700
