"""The repo's docs/MODELS.md and docs/PHENOMENA.md are current copies of the shared ground truth,
and the phenomena registry has one module per row of docs/PHENOMENA.md, in its order."""

import re

from conftest import REPO, require_shared

from remission import phenomena


def table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"^\| [a-z_]+ \|", line)]


def headings(text: str) -> list[str]:
    return re.findall(r"^## (\d+\..*)$", text, flags=re.M)


def test_registry_covers_every_row_of_phenomena_md_in_order():
    ids = [re.match(r"^\| ([a-z_]+) \|", r).group(1)
           for r in table_rows((REPO / "docs" / "PHENOMENA.md").read_text())]
    assert phenomena.names() == [i for i in ids if i != "id"]


def test_phenomena_md_rows_are_the_shared_rows():
    shared = require_shared("docs", "PHENOMENA.md").read_text()
    assert table_rows((REPO / "docs" / "PHENOMENA.md").read_text()) == table_rows(shared)


def test_models_md_has_every_shared_section():
    shared = headings(require_shared("docs", "MODELS.md").read_text())
    ours = headings((REPO / "docs" / "MODELS.md").read_text())
    assert shared and [h for h in shared if h not in ours] == []


def test_missing_shared_files_fail_in_ci_and_skip_locally(monkeypatch, tmp_path):
    import conftest
    import pytest

    monkeypatch.setattr(conftest, "SHARED", tmp_path / "no_shared")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no_shared"):
        conftest.require_shared("docs", "PHENOMENA.md")
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception):
        conftest.require_shared("docs", "PHENOMENA.md")
