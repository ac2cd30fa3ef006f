"""`disrupt keys add|list|revoke` and `disrupt serve`'s options."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import pytest

from api import commands
from api.keys import KeyStore


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="disrupt")
    commands.register(root.add_subparsers(dest="command", required=True))
    return root


def run(*argv: str) -> int:
    args = parser().parse_args(argv)
    code: int = args.handler(args)
    return code


def test_keys_add_prints_a_working_key_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    added = run("keys", "add", "ofc-1", "--role", "officer", "--force", "durham", "--data-dir", str(tmp_path))
    assert added == 0
    out = capsys.readouterr()
    key = out.out.strip()
    assert "shown only now" in out.err
    info = KeyStore.in_data_dir(tmp_path).verify(key)
    assert info is not None and info.role == "officer"
    assert run("keys", "list", "--data-dir", str(tmp_path)) == 0
    listed = capsys.readouterr().out
    assert "ofc-1\tofficer\tdurham\t" in listed and key not in listed


def test_keys_revoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run("keys", "add", "lead", "--role", "policy_lead", "--all-forces", "--data-dir", str(tmp_path))
    key = capsys.readouterr().out.strip()
    assert run("keys", "revoke", "lead", "--data-dir", str(tmp_path)) == 0
    assert KeyStore.in_data_dir(tmp_path).verify(key) is None
    assert run("keys", "revoke", "lead", "--data-dir", str(tmp_path)) == 1


def test_the_data_dir_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DISRUPT_DATA_DIR", str(tmp_path / "env-data"))
    run("keys", "add", "aud", "--role", "auditor", "--all-forces")
    assert (tmp_path / "env-data" / "keys.sqlite3").exists()


def test_an_unknown_role_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        run("keys", "add", "x", "--role", "superuser", "--force", "durham", "--data-dir", str(tmp_path))


def test_a_key_has_a_scope_forces_or_all_and_the_list_shows_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for scopeless in ((), ("--force", "durham", "--all-forces")):
        with pytest.raises(SystemExit):  # a scope is required, and only one kind
            run("keys", "add", "x", "--role", "officer", *scopeless, "--data-dir", str(tmp_path))
    run("keys", "add", "two", "--role", "officer", "--force", "durham", "--force", "cleveland",
        "--data-dir", str(tmp_path))
    run("keys", "add", "nat", "--role", "auditor", "--all-forces", "--data-dir", str(tmp_path))
    capsys.readouterr()
    run("keys", "list", "--data-dir", str(tmp_path))
    listed = capsys.readouterr().out
    assert "nat\tauditor\tall forces\t" in listed
    assert "two\tofficer\tcleveland,durham\t" in listed


def test_serve_defaults_to_loopback_port_8000(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    seen: dict[str, Any] = {}

    def fake_run(app: Any, **options: Any) -> None:
        seen.update(options, app=app)

    import uvicorn

    monkeypatch.setattr(uvicorn, "run", fake_run)
    assert run("serve", "--data-dir", str(tmp_path), "--workers", "3") == 0
    assert (seen["host"], seen["port"]) == ("127.0.0.1", 8000)
    assert (seen["http"].header_timeout, seen["limit_concurrency"]) == (10.0, 1000), "bounded by default"
    assert seen["access_log"] is False
    assert seen["app"].state.settings.workers == 3


def test_key_changes_are_in_the_audit_trail(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from record.access import AccessQuery, access_rows
    from record.store import Store

    monkeypatch.delenv("DISRUPT_DATABASE_URL", raising=False)
    run("keys", "add", "aud-1", "--role", "auditor", "--force", "durham", "--data-dir", str(tmp_path))
    run("keys", "revoke", "aud-1", "--data-dir", str(tmp_path))
    store = Store(f"sqlite:///{tmp_path / 'record.sqlite3'}")
    try:
        with store.reading() as conn:
            rows = access_rows(conn, AccessQuery(), None)
    finally:
        store.close()
    assert [(r.action, r.route, json.loads(r.parameters)) for r in rows] == [
        ("key added", "disrupt keys add", {"name": "aud-1", "role": "auditor", "scope": "durham"}),
        ("key revoked", "disrupt keys revoke", {"name": "aud-1"}),
    ]


def test_a_key_the_audit_trail_cannot_record_is_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISRUPT_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    from record.errors import StoreError

    with pytest.raises(StoreError):
        run("keys", "add", "ofc-9", "--role", "officer", "--force", "durham", "--data-dir", str(tmp_path))
    assert KeyStore.in_data_dir(tmp_path).list() == []
