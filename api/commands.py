"""`disrupt serve` and `disrupt keys …`, added to the `disrupt` command line.

    disrupt serve [--host 127.0.0.1] [--port 8000] [--workers 2]
                  [--header-timeout 10] [--max-connections 1000]
    disrupt keys add NAME --role officer|policy_lead|auditor|admin (--force F [--force G …] | --all-forces)
    disrupt keys list
    disrupt keys revoke NAME
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from pathlib import Path
from typing import Any, Literal

from api.keys import ROLES, KeyStore
from api.settings import Settings
from engine.conventions import optional_module

EXIT_OK, EXIT_PROBLEMS = 0, 1


def _settings(args: argparse.Namespace, **overrides: Any) -> Settings:
    values = {k: v for k, v in overrides.items() if v is not None}
    if getattr(args, "data_dir", None):
        values["data_dir"] = Path(args.data_dir)
    return Settings(**values)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from api.app import create_app
    from api.server import server_options

    settings = _settings(args, workers=args.workers, header_timeout=args.header_timeout,
                         max_connections=args.max_connections)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    store = KeyStore.in_data_dir(settings.data_dir)
    if not store.list():
        print(
            f"disrupt: no API keys in {store.path}; every request will get 401. Create one with:\n"
            "  disrupt keys add NAME --role officer --force FORCE",
            file=sys.stderr,
        )
    unscoped = [info.name for info in store.list() if info.before_scopes]
    if unscoped:
        print(f"disrupt: {len(unscoped)} key(s) made before scopes keep national scope: "
              f"{', '.join(unscoped)}; re-issue them with --force", file=sys.stderr)
    if args.host not in ("127.0.0.1", "::1", "localhost"):
        print("disrupt: serving beyond loopback: put a TLS-terminating proxy in front", file=sys.stderr)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, **server_options(settings))
    return EXIT_OK


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "cli"


def _audit(args: argparse.Namespace, action: Literal["key added", "key revoked"], **parameters: Any) -> None:
    """Write a key change to the decision record's audit trail (when the record is installed)."""
    if optional_module("record.access") is None:
        return
    from record.access import Access, record_access
    from record.settings import RecordSettings
    from record.store import Store

    configured = RecordSettings.from_env()
    store = Store(RecordSettings(data_dir=_settings(args).data_dir,
                                 database_url=configured.database_url).url)
    try:
        record_access(store, Access(who=_user(), role="local user", route=f"disrupt keys {args.keys_command}",
                                    action=action, parameters=parameters))
    finally:
        store.close()


def cmd_keys_add(args: argparse.Namespace) -> int:
    keys = KeyStore.in_data_dir(_settings(args).data_dir)
    key = keys.add(args.name, args.role, args.force or (), all_forces=args.all_forces)
    scope = "every force" if args.all_forces else ", ".join(sorted(set(args.force)))
    try:
        _audit(args, "key added", name=args.name, role=args.role, scope=scope)
    except Exception:
        keys.revoke(args.name)  # a key the audit trail does not know of must not work
        raise
    print(key)
    print(f"created key '{args.name}' ({args.role}; {scope}); it is shown only now: store it safely",
          file=sys.stderr)
    return EXIT_OK


def cmd_keys_list(args: argparse.Namespace) -> int:
    keys = KeyStore.in_data_dir(_settings(args).data_dir).list()
    if not keys:
        print("no keys; create one with: disrupt keys add NAME --role ROLE --force F", file=sys.stderr)
    for info in keys:
        print(f"{info.name}\t{info.role}\t{info.scope}\tda_{info.key_id}_…\t{info.created_at}")
    return EXIT_OK


def cmd_keys_revoke(args: argparse.Namespace) -> int:
    if KeyStore.in_data_dir(_settings(args).data_dir).revoke(args.name):
        print(f"revoked key '{args.name}'")
        _audit(args, "key revoked", name=args.name)  # revoked first: a revocation never waits
        return EXIT_OK
    print(f"disrupt: no key named '{args.name}'", file=sys.stderr)
    return EXIT_PROBLEMS


def register(subparsers: Any) -> None:
    data_dir = argparse.ArgumentParser(add_help=False)
    data_dir.add_argument("--data-dir", metavar="DIR",
                          help="where the key store lives (default: $DISRUPT_DATA_DIR or ./data)")

    p = subparsers.add_parser("serve", parents=[data_dir], help="start the HTTP API (uvicorn)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, metavar="N",
                   help="evaluation worker processes (default: $DISRUPT_WORKERS or 2)")
    p.add_argument("--header-timeout", type=float, metavar="S",
                   help="seconds a client has to send a request's headers, then the connection is "
                   "closed (default: $DISRUPT_HEADER_TIMEOUT or 10)")
    p.add_argument("--max-connections", type=int, metavar="N",
                   help="open connections at most; requests in progress beyond get 503 "
                   "(default: $DISRUPT_MAX_CONNECTIONS or 1000)")
    p.set_defaults(handler=cmd_serve)

    keys = subparsers.add_parser("keys", help="manage API keys (only their hashes are stored)")
    sub = keys.add_subparsers(dest="keys_command", required=True)
    p = sub.add_parser("add", parents=[data_dir], help="create a key and print it once")
    p.add_argument("name")
    p.add_argument("--role", required=True, choices=ROLES)
    scope = p.add_mutually_exclusive_group(required=True)
    scope.add_argument("--force", action="append", metavar="F",
                       help="a force whose cases the key may evaluate and read (repeat for more)")
    scope.add_argument("--all-forces", action="store_true",
                       help="national scope: every force's cases (national auditors, administrators)")
    p.set_defaults(handler=cmd_keys_add)
    p = sub.add_parser("list", parents=[data_dir], help="list keys (names, roles, scopes; never keys)")
    p.set_defaults(handler=cmd_keys_list)
    p = sub.add_parser("revoke", parents=[data_dir], help="delete a key")
    p.add_argument("name")
    p.set_defaults(handler=cmd_keys_revoke)
