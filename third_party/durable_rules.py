"""durable-rules' C extension, built from its published source with a checked-in patch.

durable-rules 2.0.28 (2020) is the last release, an sdist only. On Python 3.13 and later it
builds but does not import (``PyEval_CallObject`` left the C API). The project's install step
(``setup.py``) therefore builds the one module the engine uses, ``durable_rules_engine``, itself:

1. take the published sdist — downloaded from PyPI, or a copy named by ``DURABLE_RULES_SDIST``
   (a path or URL) for offline builds — and check it against the sha256 pinned below;
2. unpack it into the build folder and apply ``durable-rules-2.0.28-python3.13.patch`` (beside
   this file), refusing any hunk that does not match the source exactly;
3. compile its six C files with the flags of its own ``setup.py``.

durable-rules' Python package (``durable``, with its threaded ``Host``) is not built: the engine
drives the C extension directly.
"""

from __future__ import annotations

import hashlib
import os
import re
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

VERSION = "2.0.28"
SDIST_NAME = f"durable_rules-{VERSION}.tar.gz"
SDIST_URL = (
    "https://files.pythonhosted.org/packages/91/f2/"
    f"3194b4eaf7260bae0a4f046dfdda5db2ed9d58b3d7a051e375b3c14d8f26/{SDIST_NAME}"
)
SDIST_SHA256 = "053b26f5e48d312d4fa27995243f954671be6eece477f150c059c364eb4d7d61"
PATCH = Path(__file__).with_name(f"durable-rules-{VERSION}-python3.13.patch")
SDIST_ENV = "DURABLE_RULES_SDIST"

# durable-rules' own setup.py: a static library of the Rete engine, then the Python binding.
ENGINE_SOURCES = ("json", "rete", "state", "events", "regex")
BINDING_SOURCE = "src/rulespy/rules.c"
COMPILE_ARGS = ("-std=c99", "-D_GNU_SOURCE")


class BuildError(Exception):
    """The published source could not be fetched, verified or patched; the message says which."""


@dataclass(frozen=True)
class ExtensionSource:
    """What a compiler needs to build ``durable_rules_engine``."""

    sources: list[str]
    include_dirs: list[str]
    compile_args: list[str]


def sdist(cache: Path) -> Path:
    """The verified sdist in ``cache``, fetched (or copied from ``DURABLE_RULES_SDIST``) if absent."""
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / SDIST_NAME
    if target.exists() and _sha256(target.read_bytes()) == SDIST_SHA256:
        return target
    origin = os.environ.get(SDIST_ENV) or SDIST_URL
    data = _read(origin)
    digest = _sha256(data)
    if digest != SDIST_SHA256:
        raise BuildError(
            f"{origin}: sha256 {digest}, expected {SDIST_SHA256} (the published durable-rules {VERSION})"
        )
    target.write_bytes(data)
    return target


def prepare(build: Path) -> ExtensionSource:
    """Unpack the verified sdist under ``build``, patch it, and say what to compile."""
    archive = sdist(build)
    root = build / f"durable_rules-{VERSION}"
    with tarfile.open(archive) as tar:
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            tar.extractall(build, filter="data")
        else:  # the archive's sha256 was checked above
            tar.extractall(build)
    apply_patch(root, PATCH.read_text(encoding="utf-8"))
    engine = root / "src" / "rules"
    return ExtensionSource(
        sources=[str(root / BINDING_SOURCE)] + [str(engine / f"{name}.c") for name in ENGINE_SOURCES],
        include_dirs=[str(engine)],
        compile_args=list(COMPILE_ARGS),
    )


_HUNK = re.compile(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


def apply_patch(root: Path, patch: str) -> None:
    """Apply a unified diff (paths ``a/…`` and ``b/…``) to the tree at ``root``, exactly.

    Every hunk must match the file at the line it names, context included: this patch is for
    one published release, so any drift is an error rather than something to fuzz past.
    """
    lines = patch.splitlines()
    i = 0
    patched = 0
    while i < len(lines):
        if not (lines[i].startswith("--- ") and i + 1 < len(lines) and lines[i + 1].startswith("+++ ")):
            i += 1
            continue
        name = lines[i + 1][4:].split("\t")[0].strip()
        if not name.startswith("b/"):
            raise BuildError(f"{PATCH.name}: expected a b/ path, found {name!r}")
        path = root / name[2:]
        if not path.is_file():
            raise BuildError(f"{PATCH.name}: {name[2:]} is not in the unpacked source")
        text = path.read_text(encoding="utf-8")
        source = text.splitlines(keepends=True)
        i += 2
        offset = 0  # lines added minus lines removed by earlier hunks of this file
        while i < len(lines) and (match := _HUNK.match(lines[i])):
            start = int(match.group(1)) - 1 + offset
            old_count, new_count = int(match.group(2) or 1), int(match.group(4) or 1)
            old: list[str] = []
            new: list[str] = []
            i += 1
            while i < len(lines) and (len(old) < old_count or len(new) < new_count):
                kind, body = (lines[i][:1] or " "), lines[i][1:]  # an editor may strip a blank context line
                if kind not in " -+\\":
                    where = f"{name[2:]}:{start - offset + 1}"
                    raise BuildError(f"{PATCH.name}: the hunk at {where} is cut short")
                if kind in (" ", "-"):
                    old.append(body)
                if kind in (" ", "+"):
                    new.append(body)
                i += 1
            found = [line.rstrip("\r\n") for line in source[start : start + len(old)]]
            if found != old:
                raise BuildError(
                    f"{PATCH.name}: the hunk at {name[2:]}:{start - offset + 1} does not match the source"
                )
            ending = "\r\n" if source and source[0].endswith("\r\n") else "\n"
            source[start : start + len(old)] = [line + ending for line in new]
            offset += len(new) - len(old)
            patched += 1
        path.write_text("".join(source), encoding="utf-8")
    if not patched:
        raise BuildError(f"{PATCH.name}: no hunk found")


def _read(origin: str) -> bytes:
    try:
        if "://" in origin:
            with urllib.request.urlopen(origin, timeout=120) as response:
                body: bytes = response.read()
                return body
        return Path(origin).read_bytes()
    except OSError as error:
        raise BuildError(
            f"could not read the durable-rules {VERSION} sdist from {origin}: {error}. "
            f"Set {SDIST_ENV} to a downloaded copy of {SDIST_NAME} to build offline."
        ) from error


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
