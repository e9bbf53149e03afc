"""Every page in a real browser: no third-party request, no console error, quizzes answer,
sliders move their figures, no serious accessibility violation, usable on a phone, offline search."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from book_pages import toc_files

ROOT = Path(__file__).resolve().parents[2]


PAGES = toc_files()


def open_page(recorder, site_url, page, **context):
    r = recorder(**context)
    r.page.goto(f"{site_url}/{page}.html", wait_until="load")
    r.page.wait_for_timeout(400)
    return r


@pytest.mark.parametrize("page", PAGES)
def test_no_third_party_request_and_no_console_error(recorder, site_url, page):
    r = open_page(recorder, site_url, page)
    assert not r.external_requests(), f"{page}: requests left localhost: {r.external_requests()}"
    assert not r.errors, f"{page}: console errors: {r.errors}"


@pytest.mark.parametrize("page", PAGES)
def test_quizzes_answer_clicks(recorder, site_url, page):
    r = open_page(recorder, site_url, page)
    questions = r.page.locator(".mx-question")
    if questions.count() == 0:
        pytest.skip(f"{page} has no quiz")
    for i in range(questions.count()):
        q = questions.nth(i)
        feedback = q.locator(".mx-feedback")
        assert feedback.inner_text().strip() == ""
        q.locator("button[data-correct='0']").first.click()
        assert "Not quite" in feedback.inner_text()
        q.locator("button[data-correct='1']").click()
        text = feedback.inner_text()
        assert text.startswith("Correct.") and "Source:" in text, f"{page} question {i + 1}: {text!r}"
    assert not r.errors


@pytest.mark.parametrize("page", PAGES)
def test_static_sliders_change_their_figures(recorder, site_url, page):
    r = open_page(recorder, site_url, page)
    explorers = r.page.locator("figure.mx-explorer")
    if explorers.count() == 0:
        pytest.skip(f"{page} has no explorer")
    for i in range(explorers.count()):
        fig = explorers.nth(i)
        slider = fig.locator("input[type=range]")
        visible = fig.locator("img.mx-frame:visible")
        assert visible.count() == 1
        before_src, before_alt = visible.get_attribute("src"), visible.get_attribute("alt")
        before_out = fig.locator("output").inner_text()
        slider.focus()
        key = "End" if slider.input_value() != slider.get_attribute("max") else "Home"
        r.page.keyboard.press(key)
        visible = fig.locator("img.mx-frame:visible")
        assert visible.count() == 1
        assert visible.get_attribute("src") != before_src, f"{page}: the figure did not change"
        assert visible.get_attribute("alt") != before_alt
        assert fig.locator("output").inner_text() != before_out
        assert slider.get_attribute("aria-valuetext") == fig.locator("output").inner_text()
    assert not r.errors


@pytest.mark.parametrize("page", PAGES)
def test_no_serious_accessibility_violation(recorder, site_url, page):
    from axe_playwright_python.sync_playwright import Axe

    r = open_page(recorder, site_url, page)
    results = Axe().run(r.page)
    serious = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — e.g. {v['nodes'][0]['target']}" for v in serious
    )
    assert not serious, f"{page}: axe found serious/critical violations:\n{report}"


@pytest.mark.parametrize("page", PAGES)
def test_phone_viewport_navigation_and_no_overflow(recorder, site_url, page):
    r = open_page(recorder, site_url, page, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    p = r.page
    overflow = p.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{page}: the page scrolls sideways by {overflow}px on a phone"
    wide = p.evaluate(
        """() => [...document.querySelectorAll('.mx-explorer, .mx-quiz, table, figure, img, .cell_output')]
             .filter(el => el.offsetParent !== null)
             .filter(el => { const r = el.getBoundingClientRect(); return r.right > window.innerWidth + 1 && !el.closest('table'); })
             .map(el => el.tagName + '.' + el.className)"""
    )
    assert not wide, f"{page}: elements wider than the phone screen: {wide[:5]}"
    toggle = p.locator("button.primary-toggle:visible").first
    assert toggle.count() and toggle.is_visible(), f"{page}: no navigation toggle on a phone"
    toggle.click()
    p.wait_for_timeout(400)
    nav = p.locator(".bd-sidebar-primary a.reference.internal:visible")
    assert nav.count() > 5, f"{page}: navigation not reachable on a phone ({nav.count()} visible links)"


def test_offline_search_finds_a_glossary_term(recorder, site_url):
    r = open_page(recorder, site_url, "search")
    r.page.goto(f"{site_url}/search.html?q=avidity", wait_until="load")
    results = r.page.locator("#search-results li a, ul.search li a")
    results.first.wait_for(timeout=15000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any("appendix/glossary" in h for h in hrefs), f"search for 'avidity' did not find the glossary: {hrefs}"
    assert not r.external_requests()
