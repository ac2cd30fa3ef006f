"""Files that hold personal data are created readable by their owner only (0600, folders 0700).

Only the standard library: the key store (api.keys) uses this without the record's packages.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def owner_only_folder(folder: Path) -> None:
    """Create `folder` (and missing parents) as owner-only; an existing folder is left as it is."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)


def owner_only_file(path: Path) -> None:
    """Create `path` (and its folder) owner-only, whoever creates them first: created here
    with mode 0600 before the database opens it, never created with a wider mode and narrowed
    after. SQLite gives a database's journal, -wal and -shm files the database file's mode."""
    owner_only_folder(path.parent)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
