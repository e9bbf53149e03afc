"""Every page in a real browser: no third-party request, no console error, quizzes answer,
sliders move their figures, no serious accessibility violation, usable on a phone, offline search."""

from __future__ import annotations

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
def test_quizzes_answer_clicks_and_typed_numbers_with_their_own_feedback(recorder, site_url, page):
    r = open_page(recorder, site_url, page)
    questions = r.page.locator(".mx-question")
    if questions.count() == 0:
        pytest.skip(f"{page} has no quiz")
    for i in range(questions.count()):
        q = questions.nth(i)
        feedback = q.locator(".mx-feedback")
        assert feedback.inner_text().strip() == ""
        if "mx-numeric" in (q.get_attribute("class") or ""):
            key = float(q.get_attribute("data-key"))
            answer = q.locator("input.mx-answer")
            answer.fill(f"{key * 3 + 1:g}")
            q.locator("button.mx-check").click()
            assert feedback.inner_text().startswith("Not quite."), f"{page} question {i + 1}: {feedback.inner_text()!r}"
            answer.fill(f"{key:.6g}")
            answer.press("Enter")  # the keyboard works as well as the button
        else:
            wrong = q.locator("button[data-correct='0']").first
            wrong.click()
            text = feedback.inner_text()
            assert text.startswith("Not quite.") and len(text) > len("Not quite.") + 15, (
                f"{page} question {i + 1}: a wrong option must say why it is wrong, got {text!r}")
            assert text == wrong.get_attribute("data-feedback")
            assert wrong.get_attribute("aria-pressed") == "true"
            q.locator("button[data-correct='1']").click()
        text = feedback.inner_text()
        assert text.startswith("Correct.") and "Source:" in text, f"{page} question {i + 1}: {text!r}"
    assert not r.errors


QUIZ_PAGES = [p for p in PAGES if p.startswith("book/") and p.count("/") == 2 and not p.endswith("/index")
              and "/appendix/" not in p and "/front/" not in p]


@pytest.mark.parametrize("page", QUIZ_PAGES[:2])
def test_quiz_answers_are_kept_on_return_and_cleared_by_reset(recorder, site_url, page):
    r = open_page(recorder, site_url, page)
    choices = r.page.locator(".mx-question.mx-choice")
    assert choices.count() >= 2, f"{page}: expected a quiz with two choice questions"
    first, second = choices.nth(0), choices.nth(1)
    first.locator("button[data-correct='0']").first.click()
    second.locator("button[data-correct='1']").click()
    said = first.locator(".mx-feedback").inner_text()
    r.page.reload(wait_until="load")
    r.page.wait_for_timeout(300)
    first, second = choices.nth(0), choices.nth(1)
    assert first.locator(".mx-feedback").inner_text() == said, "the answer was not kept on return"
    assert first.locator("button[aria-pressed='true']").get_attribute("data-correct") == "0"
    assert second.locator(".mx-feedback").inner_text().startswith("Correct.")
    r.page.locator("button.mx-reset").first.click()
    assert first.locator(".mx-feedback").inner_text() == "" and second.locator(".mx-feedback").inner_text() == ""
    assert first.locator("button[aria-pressed='true']").count() == 0
    r.page.reload(wait_until="load")
    r.page.wait_for_timeout(300)
    assert choices.nth(0).locator(".mx-feedback").inner_text() == "", "reset did not forget the answers"
    assert choices.nth(1).locator(".mx-feedback").inner_text() == ""
    assert not r.errors


def _visible_frame(fig):
    visible = fig.locator("img.mx-frame:visible")
    assert visible.count() == 1, f"{visible.count()} frames visible at once"
    loaded = "img => img.complete && img.naturalWidth > 0"
    assert visible.evaluate(loaded), f"the visible overlay {visible.get_attribute('src')} did not load"
    base = fig.locator("img.mx-base")
    assert base.count() == 1 and base.evaluate(loaded), "the explorer's base picture did not load"
    box, under = visible.bounding_box(), base.bounding_box()
    assert all(abs(box[k] - under[k]) < 1 for k in ("x", "y", "width", "height")), "the overlay is not on its base"
    return visible.get_attribute("src"), visible.get_attribute("alt")


@pytest.mark.parametrize("page", PAGES)
def test_static_explorers_respond_to_every_control_from_the_keyboard(recorder, site_url, page):
    r = open_page(recorder, site_url, page)
    explorers = r.page.locator("figure.mx-explorer")
    if explorers.count() == 0:
        pytest.skip(f"{page} has no explorer")
    for i in range(explorers.count()):
        fig = explorers.nth(i)
        controls = fig.locator("[data-control]")
        assert controls.count() >= 1
        for k in range(controls.count()):
            control = controls.nth(k)
            cid = control.get_attribute("id")
            label = fig.locator(f"label[for='{cid}']")
            assert label.count() == 1 and label.inner_text().strip(), f"{page}: control {cid} has no label"
            before_src, before_alt = _visible_frame(fig)
            control.focus()
            if control.evaluate("el => el.tagName") == "SELECT":
                before = control.input_value()
                options = control.locator("option").count()
                r.page.keyboard.press("ArrowDown" if int(before) < options - 1 else "ArrowUp")
                assert control.input_value() != before, f"{page}: the menu {cid} did not move with the keyboard"
            else:
                key = "End" if control.input_value() != control.get_attribute("max") else "Home"
                r.page.keyboard.press(key)
                output = fig.locator(f"output[for='{cid}']")
                assert control.get_attribute("aria-valuetext") == output.inner_text(), f"{page}: {cid} value text"
            after_src, after_alt = _visible_frame(fig)
            assert after_src != before_src, f"{page}: moving {cid} did not change the figure"
            assert after_alt != before_alt, f"{page}: moving {cid} did not change the alt text"
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
