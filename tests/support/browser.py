"""Real Chromium (Debian's) driven by Playwright, against the app served on localhost.

Where Chromium is missing the browser tests skip with the reason; with REQUIRE_BROWSER=1
(set by .ci/run) they fail instead, so CI can never pass without running them.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.support.races import serving

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
QUIET_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), *CHROMIUM_CANDIDATES):
        if candidate and shutil.which(candidate):
            return candidate
    return None


def require_chromium() -> str:
    path = chromium_path()
    reason = None
    if path is None:
        reason = "Chromium is not installed (apt-get install -y chromium)"
    else:
        try:
            import playwright  # noqa: F401
        except ImportError:
            reason = "the playwright package is not installed (pip install -r requirements-dev.txt)"
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests are required here but cannot run: {reason}")
        pytest.skip(reason)
    return path


@pytest.fixture
def live_server(app):
    """Serve the test app on 127.0.0.1 on a free port, in a thread; yields the base URL."""
    with serving(app) as base:
        yield base


@pytest.fixture
def launch():
    """launch(*extra_flags) → a Chromium browser (closed after the test)."""
    path = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        opened = []

        def start(*extra):
            instance = pw.chromium.launch(executable_path=path, args=QUIET_FLAGS + list(extra))
            opened.append(instance)
            _patient(instance)
            return instance

        try:
            yield start
        finally:
            for instance in opened:
                instance.close()


# Playwright's defaults (30 s an action, 5 s an assertion) fail a page that a loaded machine
# serves slowly; a test states what must happen, not how fast (time belongs in benchmarks/).
ACTION_TIMEOUT_MS = 120_000
ASSERTION_TIMEOUT_MS = 60_000


def _patient(instance) -> None:
    """Every context and page of this browser waits as long as a loaded machine needs."""
    from playwright.sync_api import expect

    expect.set_options(timeout=ASSERTION_TIMEOUT_MS)
    new_context, new_page = instance.new_context, instance.new_page

    def context(*args, **kwargs):
        made = new_context(*args, **kwargs)
        made.set_default_timeout(ACTION_TIMEOUT_MS)
        made.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
        return made

    def page(*args, **kwargs):
        made = new_page(*args, **kwargs)
        made.set_default_timeout(ACTION_TIMEOUT_MS)
        made.set_default_navigation_timeout(ACTION_TIMEOUT_MS)
        return made

    instance.new_context, instance.new_page = context, page


@pytest.fixture
def browser(launch):
    return launch()


def fake_camera_flags(y4m_path) -> list[str]:
    """Chromium sees the Y4M clip as the phone's camera (and grants camera access itself)."""
    return [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={y4m_path}",
    ]


def phone_page(browser_instance):
    """A context and page the size of a mid-range Android phone."""
    context = browser_instance.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True, locale="vi-VN"
    )
    context.csp_violations = []  # what the browser refused under our Content-Security-Policy
    context.on(
        "console",
        lambda message: "Content Security Policy" in message.text and context.csp_violations.append(message.text),
    )
    return context, context.new_page()


@pytest.fixture
def phone(browser):
    context, page = phone_page(browser)
    yield page
    violations = context.csp_violations
    context.close()
    assert violations == [], "the page broke its own Content-Security-Policy"


def log_in(page, base: str, username: str, password: str = "secret-pass", landing: str | None = None) -> None:
    """Through the login form as a person would; waits for ``landing`` (a path) when given,
    else for the page the login leads to."""
    page.goto(base + "/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    if landing is not None:
        page.wait_for_url(base + landing)
    else:
        page.wait_for_url(lambda url: not url.endswith("/login"))


def queued_scans(page) -> list[dict]:
    """The scans the scanner page keeps in IndexedDB until they are sent."""
    return page.evaluate(
        """() => new Promise((resolve) => {
             const open = indexedDB.open("wg-scanner", 1);
             open.onsuccess = () => {
               const req = open.result.transaction("queue").objectStore("queue").getAll();
               req.onsuccess = () => resolve(req.result);
             };
           })"""
    )


def scanner_ready(page) -> None:
    """Until the scanner page's script runs and holds its offline list: a code typed before
    that, on a loaded machine, was once never judged (CI)."""
    page.wait_for_function("() => window.scanner && window.scanner.listKey()")
