"""Real-browser fixtures: the built site served on localhost, and Debian's headless Chromium.

Without /usr/bin/chromium the browser tests skip with a clear message, except in CI (CI=true),
where they must run: the README's test command installs chromium.
"""

from __future__ import annotations

import functools
import http.server
import threading

import pytest



class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site):
    handler = functools.partial(_QuietHandler, directory=str(built_site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser(chromium_browser):
    return chromium_browser


class PageRecorder:
    """A page that records console errors, page errors and every request it makes."""

    def __init__(self, browser, **context_args):
        self.context = browser.new_context(**context_args)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def external_requests(self) -> list[str]:
        allowed = ("http://127.0.0.1", "data:", "blob:", "about:")
        return [u for u in self.requests if not u.startswith(allowed)]

    def close(self):
        self.context.close()


@pytest.fixture
def recorder(browser):
    made = []

    def make(**context_args):
        r = PageRecorder(browser, **context_args)
        made.append(r)
        return r

    yield make
    for r in made:
        r.close()
