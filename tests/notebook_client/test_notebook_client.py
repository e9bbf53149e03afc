"""Every notebook page's download, as a learner meets it in JupyterLab (see conftest.py).

For each notebook, in one JupyterLab page, one after another:

1. it opens, its kernel starts, and *Run → Run All Cells* (clicked in the menu) runs every code
   cell with no error and nothing on stderr;
2. every explorer renders as widgets (not "Error displaying widget", not a text repr), one per
   control of the package's explorer, each reading one of the values the static page
   pre-computes (``Control.labels``); every control's label and value can be read whole; moving
   each control (a key press on a slider, a click on a toggle, a choice in a menu) changes the
   figure;
3. in every quiz, a click on an option gives feedback;
4. every exercise check cell left at ``...`` says "not answered yet", and no check passed during
   *Run All* (which would mean a solution ran);
5. every solution of the page's source is in the notebook's last section, after every code
   cell (so *Run All* reaches the checks first and never runs a solution), and the exercise
   titles show;
6. no raw MyST is left: not in the notebook's Markdown, not in the rendered text (roles,
   directives, labels, ``:option:`` lines, ``$`` math), and jupyterlab-myst reports no
   unresolved reference or unknown directive; math is typeset;
7. the page made no request beyond 127.0.0.1.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import nbformat
import pytest

from book_pages import notebook_pages, page_text
from metastasis import explorers as metastasis_explorers
PARTS = ("integrins", "cascade", "microenvironment", "interventions")

EXPLORER_CELL = re.compile(r"explorers\.get\(\s*[\"']([\w-]+)[\"']\s*\)\.show\(\)")
QUIZ_CELL = re.compile(r"show_quiz\(")
PLACEHOLDER_LINE = re.compile(r"^\s*[A-Za-z_]\w*\s*=\s*\.\.\.\s*(#.*)?$", re.M)
CHECK_CALL = re.compile(r"\bcheck_\w+\(")
RUN_ALL_TIMEOUT_S = 300

#: MyST that must not survive into a notebook's Markdown (source) or its rendered text.
RAW_MYST_SOURCE = {
    "a role": re.compile(r"\{[A-Za-z][\w:.+-]*\}`[^`\n]{0,60}`?"),
    "a directive": re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*\{[A-Za-z][\w:.-]*\}", re.M),
    "a label": re.compile(r"^\s*\([^()\s]+\)=\s*$", re.M),
    "a directive option": re.compile(r"^\s*:(label|class|name|nonumber|hidden|dropdown|open):", re.M),
}
RAW_MYST_RENDERED = {
    "a role or directive name": re.compile(r"\{[A-Za-z][\w:.+-]*\}"),
    "a label": re.compile(r"^\s*\([^()\s]+\)=\s*$", re.M),
    "a directive option": re.compile(r"^\s*:(label|class|name|nonumber|hidden|dropdown|open):", re.M),
    "a fence": re.compile(r"^\s*(`{3,}|:{3,})", re.M),
    "unrendered math": re.compile(r"(?<![\\$])\$[^$\s][^$\n]*\$"),
    "an unknown directive or role": re.compile(r"Unknown (Directive|Role)", re.I),
}
MYST_CONSOLE = re.compile(r"Cross reference target was not found|No target for internal reference|Unknown (directive|role)", re.I)

# ------------------------------------------------------------------------------------------------
# JavaScript run in the page
# ------------------------------------------------------------------------------------------------
OPEN = """async (path) => {
  const app = window.jupyterapp;
  const widget = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  await widget.context.ready;
  await widget.sessionContext.ready;
  app.shell.activateById(widget.id);
  return widget.id;
}"""
STATE = """(id) => {
  const w = window.jupyterapp.shell.widgets('main');
  let panel = null;
  for (const x of w) { if (x.id === id) panel = x; }
  if (!panel) return null;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = panel.content.model.cells;
  const counts = [], errors = [];
  for (let i = 0; i < cells.length; i++) {
    const c = cells.get(i);
    if (c.type !== 'code') continue;
    counts.push(c.executionCount);
    for (let k = 0; k < c.outputs.length; k++) {
      const o = c.outputs.get(k).toJSON();
      if (o.output_type === 'error') errors.push({cell: i, ename: o.ename, evalue: o.evalue});
    }
  }
  return {status: kernel ? kernel.status : 'none', counts, errors, cells: cells.length};
}"""
SOURCES = """(id) => {
  for (const x of window.jupyterapp.shell.widgets('main')) {
    if (x.id !== id) continue;
    const cells = x.content.model.cells, out = [];
    for (let i = 0; i < cells.length; i++) out.push([cells.get(i).type, cells.get(i).sharedModel.getSource()]);
    return out;
  }
  return null;
}"""
#: Every cell's visible text (math left out: KaTeX and MathJax spell it over several lines; and
#: the code blocks of rendered Markdown, a solution's code, whose braces are Python's, not MyST's),
#: whether it holds typeset math, and its outputs' text by kind. No-break spaces read as spaces and
#: typographic quotes as plain ones (jupyterlab-myst curls an apostrophe).
SCAN = """(id) => [...document.getElementById(id).querySelectorAll('.jp-Notebook .jp-Cell')].map(cell => {
  const math = [...cell.querySelectorAll('.katex, mjx-container, .MathJax')];
  const left = [...math, ...cell.querySelectorAll('.jp-MarkdownCell .jp-Cell-inputWrapper pre')];
  const saved = left.map(m => m.style.display);
  left.forEach(m => { m.style.display = 'none'; });
  const input = cell.querySelector('.jp-Cell-inputWrapper');
  const text = (input ? input.innerText : '').replace(/\\u00a0/g, ' ').replace(/[\\u2018\\u2019]/g, "'").replace(/[\\u201c\\u201d]/g, '"');
  left.forEach((m, i) => { m.style.display = saved[i]; });
  const outputs = kind => [...cell.querySelectorAll(`.jp-OutputArea-output[data-mime-type='${kind}']`)].map(o => o.innerText);
  const area = cell.querySelector('.jp-OutputArea');
  return {text, math: math.length, stdout: outputs('application/vnd.jupyter.stdout'),
          stderr: outputs('application/vnd.jupyter.stderr'), output: area ? area.innerText : ''};
})"""
#: Close the notebook without saving; its kernel shuts down meanwhile (the next notebook need not wait).
CLOSE = """(id) => {
  for (const x of window.jupyterapp.shell.widgets('main')) {
    if (x.id !== id) continue;
    const session = x.sessionContext;
    session.shutdown().catch(() => {}).finally(() => x.dispose());
    x.context.model.dirty = false;
  }
  return true;
}"""
#: Is an element's text cut off (by its box, or by an ellipsis)?
CLIPPED = """(el) => {
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  let text = el.tagName === 'SELECT' ? el.options[el.selectedIndex].text : el.textContent.trim();
  const canvas = document.createElement('canvas').getContext('2d');
  canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const needed = canvas.measureText(text).width;
  const pad = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + (el.tagName === 'SELECT' ? 18 : 0);
  return {text, width: box.width, needed: needed + pad, clipped: el.scrollWidth > el.clientWidth + 1 || needed + pad > box.width + 1,
          visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden'};
}"""


# ------------------------------------------------------------------------------------------------
# What the notebook and its page hold
# ------------------------------------------------------------------------------------------------
def _expected(nb, page: str) -> dict:
    cells = nb.cells
    code = {i: c.source for i, c in enumerate(cells) if c.cell_type == "code"}
    source = page_text(page)
    return {
        "explorers": {i: EXPLORER_CELL.search(s).group(1) for i, s in code.items() if EXPLORER_CELL.search(s)},
        "quizzes": [i for i, s in code.items() if QUIZ_CELL.search(s)],
        "checks": [i for i, s in code.items() if PLACEHOLDER_LINE.search(s) and CHECK_CALL.search(s)],
        "solutions": [i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source.startswith("### Solution")],
    "solutions_heading": next((i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source.startswith("## Solutions")), None),
    "last_code": max(code, default=-1),
        "source_solutions": len(re.findall(r"^\s*(`{3,}|:{3,})\{solution(-start)?\}", source, re.M)),
        "exercise_titles": [re.sub(r"[*_`]", "", t).strip() for t in
                            re.findall(r"^\s*(?:`{3,}|:{3,})\{exercise(?:-start)?\}[ \t]*(.*?)\s*$", source, re.M) if t.strip()],
        "math_cells": [i for i, c in enumerate(cells) if c.cell_type == "markdown" and re.search(r"\$[^$]+\$", c.source)
                       and not (c.metadata.get("jupyter") or {}).get("source_hidden")],
        "markdown": [i for i, c in enumerate(cells) if c.cell_type == "markdown"],
        "chapter": Path(page).parent.name in PARTS and Path(page).name != "index",
    }


def _wait_for_run_all(lab, panel_id: str) -> dict:
    """Wait until every code cell has run (or one failed), the kernel idle, twice in a row."""
    deadline = time.monotonic() + RUN_ALL_TIMEOUT_S
    settled = 0
    state = None
    while time.monotonic() < deadline:
        state = lab.page.evaluate(STATE, panel_id)
        done = state and state["status"] == "idle" and (
            state["errors"] or (state["counts"] and all(c is not None for c in state["counts"])))
        settled = settled + 1 if done else 0
        if settled >= 2:
            return state
        time.sleep(0.5)
    pytest.fail(f"Run All did not finish within {RUN_ALL_TIMEOUT_S} s: {state}")


def _move(control, kind: str):
    """Move one control as a reader would; returns a description of the move."""
    if kind == "slider":
        handle = control.locator(".noUi-handle")
        now, top = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
        key = "ArrowLeft" if float(now) >= float(top) else "ArrowRight"
        handle.focus()
        handle.press(key)
        return f"slider {key}"
    if kind == "toggle":
        button = control.locator("button.widget-toggle-button:not(.mod-active)").first
        text = button.inner_text()
        button.click()
        return f"toggle {text!r}"
    select = control.locator("select")
    current = select.evaluate("s => s.selectedIndex")
    count = select.locator("option").count()
    select.select_option(index=(current + 1) % count)
    return f"menu option {(current + 1) % count}"


def _control_kind(control) -> str:
    classes = control.get_attribute("class") or ""
    if "widget-slider" in classes:
        return "slider"
    if "widget-toggle-buttons" in classes:
        return "toggle"
    if "widget-dropdown" in classes:
        return "menu"
    return "unknown: " + classes


# ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("page", notebook_pages())
def test_notebook_in_jupyterlab(page, lab, jupyterlab):
    path = f"{page}.ipynb"
    nb = nbformat.read(jupyterlab.root / path, as_version=4)
    want = _expected(nb, page)
    problems: list[str] = []
    lab.reset_records()
    t0 = time.monotonic()
    marks = {}
    mark = lambda name: marks.__setitem__(name, round(time.monotonic() - t0, 1))  # noqa: E731
    panel_id = lab.page.evaluate(OPEN, path)
    panel = lab.page.locator(f"[id='{panel_id}']")
    try:
        cells = panel.locator(".jp-Notebook .jp-Cell")
        lab.page.wait_for_function("([id, n]) => document.getElementById(id).querySelectorAll('.jp-Notebook .jp-Cell').length === n",
                                   arg=[panel_id, len(nb.cells)])

        mark("opened")
        # 1. Run All, from the menu ------------------------------------------------------------
        lab.page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
        lab.page.locator(".lm-Menu-item:visible .lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
        state = _wait_for_run_all(lab, panel_id)
        for error in state["errors"]:
            problems.append(f"cell {error['cell']} raised {error['ename']}: {error['evalue']}")
        not_run = [i for i, c in enumerate(state["counts"]) if c is None]
        if not_run and not state["errors"]:
            problems.append(f"{len(not_run)} code cell(s) did not run")
        scan = lab.page.evaluate(SCAN, panel_id)
        for i, cell in enumerate(scan):
            for text in cell["stderr"]:
                problems.append(f"cell {i} wrote to stderr: {text[:300]}")
        stdout = "\n".join(t for cell in scan for t in cell["stdout"])
        passed = [line for line in stdout.splitlines() if line.startswith("✔ ")]
        if passed:
            problems.append(f"a check passed during Run All, before any answer (did a solution run?): {passed[:3]}")

        mark("run_all")
        # 2. Explorers ---------------------------------------------------------------------------
        if want["chapter"] and not want["explorers"]:
            problems.append("a chapter with no explorer cell")
        for index, name in want["explorers"].items():
            cell = cells.nth(index)
            explorer = cell.locator(".mx-live-explorer")
            if explorer.count() != 1:
                problems.append(f"explorer {name!r} (cell {index}) did not render as widgets; its output reads: "
                                f"{cell.locator('.jp-OutputArea').inner_text()[:300]!r}")
                continue
            output_text = cell.locator(".jp-OutputArea").inner_text()
            if "Error displaying widget" in output_text or re.search(r"\b(VBox|HBox|Box)\(", output_text):
                problems.append(f"explorer {name!r}: {output_text[:200]!r}")
            controls = explorer.locator(":scope > .widget-slider, :scope > .widget-toggle-buttons, :scope > .widget-dropdown")
            image = explorer.locator(".mx-live-view img")
            if controls.count() == 0 or image.count() != 1:
                broken = explorer.locator(".jupyter-widgets-error-widget, .widget-error")
                problems.append(f"explorer {name!r} did not render whole: {controls.count()} control(s), {image.count()} figure(s)"
                                + (f"; it shows a widget error: {' '.join(broken.first.text_content().split())[:300]!r}"
                                   + "".join(f"; the console says {m.splitlines()[0][:200]!r}" for m in
                                             [m for m in lab.console_errors if re.search(r"widget|model|module", m, re.I)][:2])
                                   if broken.count() else
                                   f"; its output reads {output_text[:200]!r}"))
                continue
            package = metastasis_explorers.get(name).controls
            if controls.count() != len(package):
                problems.append(f"explorer {name!r}: {controls.count()} control widget(s) for {len(package)} control(s)")
            for k in range(min(controls.count(), len(package))):
                control = controls.nth(k)
                kind = _control_kind(control)
                shown = control.locator(".widget-readout, select, button.mod-active").first
                value = shown.evaluate("e => (e.tagName === 'SELECT' ? e.options[e.selectedIndex].text : e.textContent)"
                                       ".replace(/\\u00a0/g, ' ').trim()") if shown.count() else None
                if value not in package[k].labels:
                    problems.append(f"explorer {name!r}, control {k + 1}: it reads {value!r}, not one of the static "
                                    f"sweep's values {list(package[k].labels)}")
                label = control.locator(":scope > .widget-label")
                for part, element in (("label", label),
                                      ("value", control.locator(".widget-readout, select").first if kind != "toggle" else None)):
                    if element is None or element.count() == 0:
                        continue
                    seen = element.evaluate(CLIPPED)
                    if not seen["visible"] or seen["clipped"]:
                        problems.append(f"explorer {name!r}, control {k + 1} ({kind}): its {part} {seen['text']!r} "
                                        f"is not readable whole ({seen['width']:.0f} px shown, {seen['needed']:.0f} px needed)")
                if kind == "toggle":
                    for button in control.locator("button").all():
                        seen = button.evaluate(CLIPPED)
                        if seen["clipped"]:
                            problems.append(f"explorer {name!r}, control {k + 1}: toggle {seen['text']!r} is cut off")
                if kind == "slider":
                    track = control.locator(".slider-container").evaluate("e => e.getBoundingClientRect().width")
                    if track < 100:
                        problems.append(f"explorer {name!r}, control {k + 1}: the slider is {track:.0f} px long")
                if kind.startswith("unknown"):
                    problems.append(f"explorer {name!r}, control {k + 1}: an unexpected widget ({kind})")
                    continue
                before = image.get_attribute("src")
                move = _move(control, kind)
                try:  # the HTML widget replaces its <img> on every redraw: look it up each time
                    lab.page.wait_for_function(
                        "([el, old]) => { const img = el.querySelector('.mx-live-view img'); return img && img.getAttribute('src') !== old; }",
                        arg=[explorer.element_handle(), before], timeout=20_000)
                except Exception:  # noqa: BLE001 - reported below with what was done
                    problems.append(f"explorer {name!r}: moving control {k + 1} ({move}) did not change the figure")

        mark("explorers")
        # 3. Quizzes ----------------------------------------------------------------------------
        if want["chapter"] and not want["quizzes"]:
            problems.append("a chapter with no quiz cell")
        for index in want["quizzes"]:
            cell = cells.nth(index)
            quiz = cell.locator(".mx-live-quiz")
            if quiz.count() != 1:
                problems.append(f"quiz (cell {index}) did not render as widgets: {cell.locator('.jp-OutputArea').inner_text()[:300]!r}")
                continue
            question = quiz.locator(".mx-live-question").filter(has=lab.page.locator(".mx-live-option")).first
            if question.count() == 0:
                problems.append(f"quiz (cell {index}): no question with options")
                continue
            question.locator(".mx-live-option").first.click()
            feedback = question.locator(".mx-live-feedback")
            try:
                lab.page.wait_for_function("el => /^[✔✘]/.test(el.innerText.trim())", arg=feedback.element_handle(), timeout=20_000)
            except Exception:  # noqa: BLE001
                problems.append(f"quiz (cell {index}): clicking an option gave no feedback ({feedback.inner_text()!r})")

        mark("quizzes")
        # 4. Exercise checks -------------------------------------------------------------------
        if want["chapter"] and not want["checks"]:
            problems.append("a chapter with no exercise check cell left at `...`")
        for index in want["checks"]:
            text = scan[index]["output"]
            if "not answered yet" not in text:
                problems.append(f"check cell {index} left at `...` says {text[:200]!r}, not 'not answered yet'")

        # 5. Solutions apart, exercise titles shown --------------------------------------------
        if len(want["solutions"]) != want["source_solutions"]:
            problems.append(f"{want['source_solutions']} solution(s) in the page's source, "
                            f"{len(want['solutions'])} solution cell(s) in the notebook's Solutions section")
        if want["solutions"]:
            heading = want["solutions_heading"]
            if heading is None or heading < want["last_code"] or min(want["solutions"]) < heading:
                problems.append(f"the solutions are not in a last section after every code cell (Solutions heading at "
                                f"cell {heading}, solutions at {want['solutions']}, last code cell {want['last_code']})")
            for index in want["solutions"]:
                if not scan[index]["text"].strip().startswith("Solution to"):
                    problems.append(f"solution cell {index} does not show its title: {scan[index]['text'][:80]!r}")
        visible = "\n".join(cell["text"] for cell in scan)
        for title in want["exercise_titles"]:
            if title not in visible:
                problems.append(f"exercise title {title!r} is not shown")

        mark("solutions")
        # 6. No raw MyST -------------------------------------------------------------------------
        sources = lab.page.evaluate(SOURCES, panel_id)
        for i, (kind, text) in enumerate(sources):
            if kind != "markdown":
                continue
            for what, pattern in RAW_MYST_SOURCE.items():
                found = pattern.search(text)
                if found:
                    problems.append(f"cell {i}'s Markdown holds {what}: {found.group(0)!r}")
            rendered = scan[i]["text"]
            for what, pattern in RAW_MYST_RENDERED.items():
                found = pattern.search(rendered)
                if found:
                    problems.append(f"cell {i} shows {what}: {found.group(0)!r}")
        unresolved = panel.locator("[title='Cross Reference Not Found']")
        if unresolved.count():
            problems.append(f"{unresolved.count()} unresolved cross-reference(s): {unresolved.first.inner_text()!r}")
        for i in want["math_cells"]:
            if scan[i]["math"] == 0:
                problems.append(f"cell {i}'s math is not typeset")
        myst = sorted({m[:160] for m in lab.console_errors if MYST_CONSOLE.search(m)})
        if myst:
            problems.append(f"jupyterlab-myst reports raw MyST it could not resolve: {myst[:5]}")

        mark("myst")
        # 7. Nothing from outside --------------------------------------------------------------
        if lab.external_requests:
            problems.append(f"requests beyond 127.0.0.1: {sorted(set(lab.external_requests))[:5]}")
    finally:
        lab.page.evaluate(CLOSE, panel_id)
        mark("closed")
        print(f"\n{path}: {marks}")
    assert not problems, f"{path} in JupyterLab:\n- " + "\n- ".join(problems)
