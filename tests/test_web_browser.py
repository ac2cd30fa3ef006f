"""The workspace in a real browser: Debian's headless Chromium, driven by Playwright.

The service runs as `disrupt serve` on 127.0.0.1 (a free port, its own data directory), under
`timeout` so it stops by itself. An officer signs in, pastes a case, sees the critical victim
warning and the CAWN recommendation, answers an unknown and sees the answer change, records a
response, and prints the page to PDF; a policy lead opens the reports. Every page is checked with
axe-core (WCAG 2.2 AA: no serious or critical violations) and screenshotted to `.reports/`.

Skips, naming what is missing, without Chromium (`apt-get install chromium`), without
Playwright (`pip install -e '.[dev]'`) or without axe-core (`npm install axe-core`, see `.ci/run`).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.keys import KeyStore

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / ".reports"
DEMO = Path(__file__).parent / "workspace" / "demo-case.yaml"
SERVER_LIFETIME = 300  # seconds: the server stops by itself even if the test run is killed
AXE_CANDIDATES = [
    Path(os.environ.get("DISRUPT_AXE_JS", "/nonexistent")),
    ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js",
    ROOT / "node_modules" / "axe-core" / "axe.min.js",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if chromium is None:
    pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (dev extra)")
pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed (the dev extra)")
AXE = next((p for p in AXE_CANDIDATES if p.is_file()), None)
if AXE is None:
    pytest.skip("axe-core is not installed: cd .cache/axe && npm install axe-core@4", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    def __init__(self, tmp: Path) -> None:
        data_dir = tmp / "data"
        store = KeyStore.in_data_dir(data_dir)
        self.keys = {
            role: store.add(f"browser-{role}", role, all_forces=True) for role in ("officer", "policy_lead")
        }
        self.url = f"http://127.0.0.1:{_free_port()}"
        env = {**os.environ, "DISRUPT_DATA_DIR": str(data_dir), "DISRUPT_WORKERS": "1"}
        env.pop("DISRUPT_DATABASE_URL", None)
        self.log = (tmp / "serve.log").open("w")
        port = self.url.rsplit(":", 1)[1]
        self.process = subprocess.Popen(
            ["timeout", str(SERVER_LIFETIME), sys.executable, "-m", "disrupt", "serve",
             "--host", "127.0.0.1", "--port", port, "--workers", "1"],
            env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the service exited: {(tmp / 'serve.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("the service did not become ready in 60 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("browser"))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, headless=True,
                                     args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            yield launched
        finally:
            launched.close()


def _page(browser: Any) -> Any:
    # bypass_csp lets the test inject axe-core; the pages' own policy allows no inline script
    context = browser.new_context(bypass_csp=True, viewport={"width": 1100, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def _check(page: Any, name: str) -> None:
    """axe-core's WCAG 2.2 AA rules: no serious or critical violation; and a screenshot."""
    REPORTS.mkdir(exist_ok=True)
    page.screenshot(path=str(REPORTS / f"workspace-{name}.png"), full_page=True)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{name}: " + "; ".join(bad)


def _sign_in(page: Any, server: Server, role: str) -> None:
    page.goto(f"{server.url}/web/")
    assert page.url.endswith("/web/sign-in")
    page.get_by_label("API key").fill(server.keys[role])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_an_officer_evaluates_a_case_answers_a_question_responds_and_prints(
    server: Server, browser: Any
) -> None:
    page = _page(browser)
    dialogs: list[str] = []  # a case note's <script>alert(…)</script> must never run
    def refuse(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    page.goto(f"{server.url}/web/cases/new")
    assert page.url.endswith("/web/sign-in")  # no page without a session
    _check(page, "1-sign-in")
    _sign_in(page, server, "officer")
    assert page.url.endswith("/web/cases/new")
    _check(page, "2-new-case")
    page.get_by_role("link", name="Guided case").click()
    page.wait_for_load_state()
    _check(page, "2b-guided-case")
    page.get_by_role("link", name="New case").click()
    page.wait_for_load_state()

    page.get_by_label("Case (YAML or JSON)").fill(DEMO.read_text())
    page.get_by_role("button", name="Evaluate").click()
    page.wait_for_load_state()
    alert = page.locator(".critical[role=alert]")
    assert alert.is_visible() and "child-y" in alert.inner_text()
    assert "A restrictive tactic is aimed at a child victim" in alert.inner_text()
    adult = page.locator("section.group", has_text="adult-w")
    first = adult.locator("li.finding").first
    assert "Child Abduction Warning Notice" in first.inner_text()  # the CAWN, first for the adult
    assert "on 3 missing episodes: 02 Oct 2019, 14 Oct 2019, 30 Oct 2019" in adult.inner_text()
    assert page.locator("text=<script>alert('note')</script> drives a silver taxi").count() == 1
    assert dialogs == []
    _check(page, "3-case")

    question = page.locator("form.question", has_text="Is child-w on a care order?")
    assert "adds a recommendation: CSE warning letter (adult-w)" in question.inner_text()
    question.get_by_label("accommodated under section 20").check()
    question.get_by_role("button", name="Record this answer and evaluate again").click()
    page.wait_for_load_state()
    assert "Your answer was recorded" in page.locator("[role=status]").inner_text()
    assert page.locator("form.question").count() == 0
    assert "CSE warning letter" in page.locator("section.group", has_text="adult-w").inner_text()
    _check(page, "4-answered")

    named = page.locator("p.head strong", has_text=re.compile(r"^Child Abduction Warning Notice$"))
    cawn = page.locator("section.group", has_text="adult-w").locator("li.finding").filter(has=named)
    cawn.locator("summary", has_text="Record a response").click()
    cawn.get_by_label("Accept: it was actioned").check()
    cawn.get_by_label("Actioned on (when accepted)").fill("2020-07-01")
    cawn.get_by_role("button", name="Record response").click()
    page.wait_for_load_state()
    assert "Your response was recorded" in page.locator("[role=status]").inner_text()
    assert "Response: accepted, actioned 01 Jul 2020 against adult-w" in cawn.inner_text()

    pdf = page.pdf(format="A4", print_background=True, path=str(REPORTS / "workspace-case.pdf"))
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert "Critical: A restrictive tactic is aimed at a child victim" in flat
    assert "Child Abduction Warning Notice" in flat and "CSE warning letter" in flat
    assert "Record response" not in flat and "Sign out" not in flat  # the print stylesheet
    page.emulate_media(media="print")  # how the briefing prints, for a person to look at
    page.screenshot(path=str(REPORTS / "workspace-7-print.png"), full_page=True)
    page.emulate_media(media="null")

    page.get_by_role("link", name="History and replay").click()
    page.wait_for_load_state()
    responses = page.locator("table", has_text="Officers' responses").inner_text()
    assert "accepted" in responses and "cawn-found-with-adult" in responses
    _check(page, "5-history")
    page.context.close()


def test_a_policy_lead_reads_the_reports_with_charts(server: Server, browser: Any) -> None:
    page = _page(browser)
    _sign_in(page, server, "policy_lead")
    assert page.url.endswith("/web/reports")
    charts = page.locator("svg.chart")
    assert charts.count() >= 3
    assert "¶20 measure, durham" in (page.locator("svg.chart title").first.text_content() or "")
    assert "2019-10" in page.locator("table", has_text="The ¶20 measure").inner_text()
    csv = page.context.request.get(f"{server.url}/web/reports/missing-vs-cawn.csv")
    assert csv.status == 200 and csv.text().startswith("period,force,missing_episodes")
    _check(page, "6-reports")
    page.context.close()
