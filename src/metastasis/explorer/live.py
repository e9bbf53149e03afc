"""The live face of an explorer: one ipywidget per control, driving the figure in a kernel.

Each control moves over exactly the values the static page pre-computes: a numeric sweep
becomes a :class:`~ipywidgets.SelectionSlider` whose readout is the sweep's own label (so a
log-spaced sweep moves in log steps and reads "0.5 %", never "60.125"), a short set of short
labels becomes toggle buttons (each as wide as its text), a longer one a menu. Each control takes a
row of its own, so a long label never squeezes its widget. The view is an ``<img>`` with the same alt text as the static frame,
redrawn (not rebuilt) on every change.
"""

from __future__ import annotations

import base64
import html

__all__ = ["live_widget", "control_widget"]

#: A set of at most this many labels is shown as toggle buttons; more get a menu.
MAX_TOGGLES = 4
#: ... and only if their texts together are at most this many characters: toggle buttons sit in
#: one row that does not wrap (JupyterLab's ipywidgets), beside the control's label, and a row of
#: longer texts would run out of the notebook's width or cut them off. Longer sets get a menu.
MAX_TOGGLE_CHARS = 40


def control_widget(control):
    """The ipywidget for one control (its value is the model's value, its readout the label)."""
    import ipywidgets as widgets

    options = list(zip(control.labels, control.values))
    # The label is the widget's description (its accessible name), sized to its text; the row
    # takes the full width, so a long label never squeezes the control it names.
    # The tooltip repeats the label (ipywidgets would otherwise show "null" on hover).
    common = dict(options=options, value=control.initial, description=control.label, tooltip=control.label,
                  style={"description_width": "initial"}, layout=widgets.Layout(width="100%", max_width="48em"))
    if not control.categorical:
        return widgets.SelectionSlider(continuous_update=True, readout=True, **common)
    if len(options) <= MAX_TOGGLES and sum(len(label) for label in control.labels) <= MAX_TOGGLE_CHARS:
        # each button as wide as its text (ipywidgets' default is a fixed width that cuts off text)
        common["style"] = {**common["style"], "button_width": "auto"}
        return widgets.ToggleButtons(**common)
    return widgets.Dropdown(**common)


def live_widget(explorer):
    """A VBox: for each control its label and widget, then the figure (needs a running kernel)."""
    import ipywidgets as widgets

    inputs = {c.name: control_widget(c) for c in explorer.controls}
    view = widgets.HTML(layout=widgets.Layout(width="100%"))
    view.add_class("mx-live-view")

    def redraw(change=None):
        params = {name: w.value for name, w in inputs.items()}
        png, data = explorer.snapshot(params)
        alt = html.escape(explorer.alt_text(params, data), quote=True)
        encoded = base64.b64encode(png).decode("ascii")
        view.value = f'<img src="data:image/png;base64,{encoded}" alt="{alt}" style="max-width:100%;height:auto">'

    for widget in inputs.values():
        widget.observe(redraw, names="value")
    redraw()
    box = widgets.VBox([*inputs.values(), view])
    box.add_class("mx-live-explorer")
    box.inputs = inputs  # the controls, by name (for tests and for a curious reader)
    box.view = view
    return box
