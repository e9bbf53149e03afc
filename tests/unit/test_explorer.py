"""The explorer pattern: checked inputs, a self-contained static slider, a live widget."""

import re

import numpy as np
import pytest
from bs4 import BeautifulSoup

from metastasis import explorers
from metastasis.explorer import Explorer, is_static_build


def tiny(**overrides):
    def setup(fig, ax):
        (line,) = ax.plot([0, 1], [0, 0])
        return lambda data, value: line.set_ydata(data)

    spec = dict(name="tiny", label="slope", values=[0.0, 1.0, 2.0], model=lambda v: np.array([0.0, v]),
                setup=setup, alt=lambda v, d: f"a line with slope {v}")
    spec.update(overrides)
    return Explorer(**spec)


def test_static_html_is_self_contained_and_switches_frames():
    html = tiny().static_html()
    doc = BeautifulSoup(html, "html.parser")
    frames = doc.select("img.mx-frame")
    assert len(frames) == 3
    assert all(f["src"].startswith("data:image/png;base64,") for f in frames)
    assert [f.get("alt") for f in frames] == ["a line with slope 0.0", "a line with slope 1.0", "a line with slope 2.0"]
    assert sum(1 for f in frames if f.has_attr("hidden")) == 2
    assert len({f["src"] for f in frames}) == 3, "each frame must differ"
    slider = doc.select_one("input[type=range]")
    assert slider["max"] == "2" and "oninput" in slider.attrs
    assert doc.select_one(f"label[for={slider['id']}]") is not None
    assert not re.search(r"(src|href)=[\"']https?://", html), "no external resources"


def test_alt_and_caption_are_escaped():
    html = tiny(alt=lambda v, d: '<script>alert("x")</script>', caption="<b>bold</b>").static_html()
    assert "<script>alert" not in html and "&lt;b&gt;" in html


def test_empty_alt_text_is_an_error():
    with pytest.raises(ValueError, match="alt text"):
        tiny(alt=lambda v, d: " ").static_html()


@pytest.mark.parametrize("values", [[1.0], [2.0, 1.0], [0.0, float("nan")], [[1, 2], [3, 4]]])
def test_bad_sweeps(values):
    with pytest.raises(ValueError):
        tiny(values=values)


def test_bad_name_and_initial():
    with pytest.raises(ValueError, match="name"):
        tiny(name="bad name!")
    with pytest.raises(ValueError, match="outside the sweep"):
        tiny(initial=5.0)


def test_update_checks_value():
    e = tiny()
    with pytest.raises(TypeError):
        e.update("fast")
    with pytest.raises(ValueError):
        e.update(float("inf"))


def test_live_widget_updates_figure():
    import ipywidgets as widgets

    e = tiny()
    box = e.live()
    assert isinstance(box, widgets.VBox)
    slider = box.children[0]
    slider.value = 2.0
    assert e._fig.axes[0].lines[0].get_ydata()[1] == 2.0


def test_static_mode_flag(monkeypatch):
    monkeypatch.delenv("METASTASIS_STATIC", raising=False)
    assert not is_static_build()
    monkeypatch.setenv("METASTASIS_STATIC", "1")
    assert is_static_build()


def test_registry_builds_every_explorer():
    for name in explorers.names():
        e = explorers.get(name)
        assert e.name == name
        assert e.time_model_ms(e.values[0]) >= 0  # a number, or a label for a categorical explorer
    with pytest.raises(KeyError, match="known explorers"):
        explorers.get("nope")


def categorical(**overrides):
    def setup(fig, ax):
        (bar,) = ax.bar([0], [0])
        return lambda data, value: bar.set_height(data)

    spec = dict(name="cats", label="integrin", values=["αvβ3", "α5β1", "a|b"], model=lambda v: len(v),
                setup=setup, alt=lambda v, d: f"bar for {v}")
    spec.update(overrides)
    return Explorer(**spec)


def test_categorical_explorer_static_and_live():
    import json as _json

    e = categorical()
    assert e.categorical and e.initial == "αvβ3"
    doc = BeautifulSoup(e.static_html(), "html.parser")
    slider = doc.select_one("input[type=range]")
    assert _json.loads(slider["data-labels"]) == ["αvβ3", "α5β1", "a|b"]
    assert doc.select_one("output").get_text() == "αvβ3"
    box = e.live()
    box.children[0].value = "a|b"
    assert e._fig.axes[0].patches[0].get_height() == 3
    with pytest.raises(ValueError, match="not one of"):
        e.update("β9")


@pytest.mark.parametrize("values", [["a"], ["a", "a"], ["a", ""], ["a", 1.0]])
def test_bad_categorical_values(values):
    with pytest.raises(ValueError):
        categorical(values=values)
