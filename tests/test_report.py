"""End to end: the scorecard's report.html opens in headless Chromium with every figure loaded."""

import re
import shutil
import subprocess

import pytest

import remission
from conftest import in_ci

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("scorecard")
    models = ["rescorla_wagner", "competition_only" if "competition_only" in remission.models.names()
              else "drug_td"]
    remission.scorecard(models=models, phenomena=["renewal", "spontaneous_recovery"], n_subjects=6,
                        replicates=3, seed=0, out=out, profile="epsilon=0,1")
    return out / "report.html"


def chromium(tmp_path, *args, timeout=90):
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    cmd = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def test_report_is_self_contained(report):
    html = report.read_text()
    assert html.count('src="data:image/png;base64,') == 3  # two findings and the ε profile
    assert not re.search(r'src="(?!data:)', html), "the report must not reference external files"


def test_report_renders_in_headless_chromium(report, tmp_path):
    if CHROMIUM is None:
        message = "Chromium is not installed (apt-get install chromium); the browser test needs it"
        if in_ci():
            pytest.fail(message + " — .ci/run installs it")
        pytest.skip(message)
    dom = chromium(tmp_path, "--virtual-time-budget=10000", "--dump-dom", report.as_uri()).stdout
    assert 'data-figures-loaded="3/3"' in dom, "not every figure decoded in the browser"
    assert "figures-ok" in dom
    table = dom[dom.index('id="scorecard"'):]
    table = table[:table.index("</table>")]
    assert table.count("<tr>") == 3  # header + renewal + spontaneous_recovery
    assert "rescorla_wagner" in table and re.search(r">\s*(pass|fail)", table)
    assert 'id="intervals"' in dom and "doi.org/" in dom  # the ε intervals and the citations' DOIs
    shot = tmp_path / "report.png"
    chromium(tmp_path, "--window-size=1280,2000", f"--screenshot={shot}", report.as_uri())
    assert shot.read_bytes()[:4] == b"\x89PNG" and shot.stat().st_size > 10_000
