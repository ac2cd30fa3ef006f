"""The build of durable-rules' C extension from its published sdist (third_party/durable_rules.py)."""

from __future__ import annotations

from pathlib import Path

import durable_rules_engine
import pytest

from third_party import durable_rules
from third_party.durable_rules import BuildError, apply_patch

SOURCE = "int f(void) {\n    return call(a);\n}\n\nint g(void) {\n    return call(b);\n}\n"


def tree(tmp_path: Path, text: str = SOURCE) -> Path:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "x.c").write_text(text)
    return tmp_path


def test_the_installed_extension_is_the_patched_build() -> None:
    # An unpatched build still names the function Python 3.13 removed (and fails to import there).
    binary = Path(durable_rules_engine.__file__ or "").read_bytes()
    assert b"PyEval_CallObject" not in binary
    assert b"PyObject_CallObject" in binary


def test_the_checked_in_patch_only_swaps_the_removed_call() -> None:
    text = durable_rules.PATCH.read_text(encoding="utf-8")
    removed = [line for line in text.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line for line in text.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert len(removed) == len(added) == 5
    assert [line.replace("PyEval_CallObject", "PyObject_CallObject") for line in removed] == [
        "-" + line[1:] for line in added
    ]


def test_a_patch_applies_hunk_by_hunk(tmp_path: Path) -> None:
    root = tree(tmp_path)
    patch = (
        "A description before the diff is ignored.\n"
        "--- a/src/x.c\n+++ b/src/x.c\n"
        "@@ -1,3 +1,4 @@\n int f(void) {\n-    return call(a);\n+    int r = call2(a);\n+    return r;\n }\n"
        "@@ -5,3 +6,3 @@\n int g(void) {\n-    return call(b);\n+    return call2(b);\n }\n"
    )
    apply_patch(root, patch)
    assert (root / "src" / "x.c").read_text() == (
        "int f(void) {\n    int r = call2(a);\n    return r;\n}\n\nint g(void) {\n    return call2(b);\n}\n"
    )


def test_a_hunk_that_does_not_match_the_source_is_refused(tmp_path: Path) -> None:
    root = tree(tmp_path, SOURCE.replace("call(b)", "other(b)"))
    patch = (
        "--- a/src/x.c\n+++ b/src/x.c\n"
        "@@ -5,3 +5,3 @@\n int g(void) {\n-    return call(b);\n+    return call2(b);\n }\n"
    )
    with pytest.raises(BuildError, match=r"hunk at src/x.c:5 does not match"):
        apply_patch(root, patch)


def test_a_patch_for_a_missing_file_or_with_no_hunk_is_refused(tmp_path: Path) -> None:
    root = tree(tmp_path)
    with pytest.raises(BuildError, match=r"src/y\.c is not in the unpacked source"):
        apply_patch(root, "--- a/src/y.c\n+++ b/src/y.c\n@@ -1 +1 @@\n-a\n+b\n")
    with pytest.raises(BuildError, match="no hunk found"):
        apply_patch(root, "nothing here\n")


def test_an_sdist_with_another_checksum_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forged = tmp_path / durable_rules.SDIST_NAME
    forged.write_bytes(b"not the published release")
    monkeypatch.setenv(durable_rules.SDIST_ENV, str(forged))
    with pytest.raises(BuildError, match=f"expected {durable_rules.SDIST_SHA256}"):
        durable_rules.sdist(tmp_path / "cache")
    assert not (tmp_path / "cache" / durable_rules.SDIST_NAME).exists()


def test_an_unreadable_sdist_says_how_to_build_offline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(durable_rules.SDIST_ENV, str(tmp_path / "absent.tar.gz"))
    with pytest.raises(BuildError, match=f"Set {durable_rules.SDIST_ENV} to a downloaded copy"):
        durable_rules.sdist(tmp_path / "cache")
