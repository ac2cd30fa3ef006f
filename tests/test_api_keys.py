"""The key store keeps only hashes; a key is shown once and verified in constant time."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from api.keys import KeyStore
from engine.errors import InputError


def test_a_new_key_verifies_as_its_owner_and_role(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    key = store.add("ofc-durham-1", "officer")
    info = store.verify(key)
    assert info is not None and (info.name, info.role) == ("ofc-durham-1", "officer")


def test_only_the_hash_of_a_key_is_stored(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    key = store.add("lead", "policy_lead")
    secret = key.split("_", 2)[2]
    raw = store.path.read_bytes()
    assert secret.encode() not in raw and key.encode() not in raw
    with sqlite3.connect(store.path) as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(api_key)")]
    assert "secret_sha256" in columns and not any(c in ("key", "secret") for c in columns)
    assert store.path.stat().st_mode & 0o077 == 0


def test_keys_are_distinct_and_unguessable(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    keys = {store.add(f"k{n}", "officer") for n in range(20)}
    assert len(keys) == 20
    assert all(len(k) > 50 for k in keys)


def test_a_revoked_key_no_longer_verifies(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    key = store.add("temp", "auditor")
    assert store.revoke("temp")
    assert store.verify(key) is None
    assert not store.revoke("temp")


@pytest.mark.parametrize("key", ["", "da_", "da__x", "xx_abc_def", "da_abc_" + "x" * 300])
def test_malformed_keys_do_not_verify(tmp_path: Path, key: str) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    store.add("someone", "officer")
    assert store.verify(key) is None


def test_names_are_unique_and_roles_known(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    store.add("same", "officer")
    with pytest.raises(InputError, match="already exists"):
        store.add("same", "admin")
    with pytest.raises(InputError, match="unknown role"):
        store.add("other", "superuser")
    with pytest.raises(InputError, match="key name"):
        store.add("bad name; drop", "officer")


def test_listing_shows_names_and_roles_never_keys(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path)
    assert store.list() == []
    key = store.add("b-lead", "policy_lead")
    store.add("a-officer", "officer")
    listed = store.list()
    assert [(k.name, k.role) for k in listed] == [("a-officer", "officer"), ("b-lead", "policy_lead")]
    assert key not in repr(listed)


def test_an_absent_store_verifies_nothing(tmp_path: Path) -> None:
    store = KeyStore.in_data_dir(tmp_path / "never-created")
    assert store.verify("da_abcdef012345_secret") is None
    assert not store.path.exists()
