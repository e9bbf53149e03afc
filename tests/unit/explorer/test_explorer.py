"""The explorer pattern with one or several controls: the model, its figure, both faces, the registry."""

import json
import re

import numpy as np
import pytest
from bs4 import BeautifulSoup

from metastasis import explorers
from metastasis.explorer import MAX_FRAMES, Control, Explorer, is_static_build
from metastasis.explorer.static import static_html


def _setup(fig, ax):
    (line,) = ax.plot([0, 1], [0, 0])
    ax.set_ylim(-0.5, 2.5)
    text = ax.text(0.1, 0.9, "", fontsize=30, transform=ax.transAxes)

    def update(data, params):
        line.set_ydata(data)
        text.set_text(params["shape"])

    return update


def two(**overrides):
    """Slope × shape: a two-control explorer (3 × 2 = 6 frames)."""
    spec = dict(
        name="two",
        controls=[Control("slope", "slope (per unit)", [0.0, 1.0, 2.0], initial=1.0),
                  Control("shape", "shape", ["line", "step"])],
        model=lambda slope, shape: np.array([0.0, slope]) if shape == "line" else np.array([slope, slope]),
        setup=_setup,
        alt=lambda p, d: f"a {p['shape']} with slope {p['slope']:g}",
    )
    spec.update(overrides)
    return Explorer(**spec)


def test_parameters_fill_defaults_check_values_and_name_unknowns():
    e = two()
    assert e.initial() == {"slope": 1.0, "shape": "line"} and e.frame_count() == 6
    assert e.params(shape="step") == {"slope": 1.0, "shape": "step"}
    with pytest.raises(KeyError, match="no control"):
        e.params(speed=1)
    with pytest.raises(ValueError, match="not one of the sweep"):
        e.update(slope=0.5)
    with pytest.raises(ValueError, match="not one of"):
        e.update(shape="curve")
    with pytest.raises(TypeError, match="must be a number"):
        e.update(slope="fast")


def test_combinations_and_frame_index_agree():
    e = two()
    combos = list(e.combinations())
    assert combos[0] == {"slope": 0.0, "shape": "line"} and combos[1] == {"slope": 0.0, "shape": "step"}
    assert [e.frame_index(p) for p in combos] == list(range(6))


def test_changes_move_one_control_at_a_time_and_visit_every_control():
    e = two()
    steps = e.changes(6)
    moved = []
    previous = e.initial()
    for step in steps:
        diff = [k for k in step if step[k] != previous[k]]
        assert len(diff) == 1
        moved.append(diff[0])
        previous = step
    assert set(moved) == {"slope", "shape"}


def test_update_moves_artists_in_place():
    e = two()
    e.update(slope=2.0)
    line = e.figure().axes[0].lines[0]
    assert list(line.get_ydata()) == [0.0, 2.0]
    e.update(shape="step")
    assert e.figure().axes[0].lines[0] is line and list(line.get_ydata()) == [1.0, 1.0]


@pytest.mark.parametrize("overrides, error, message", [
    (dict(name="bad name!"), ValueError, "name"),
    (dict(controls=[]), TypeError, "non-empty list of Control"),
    (dict(controls=[Control("a", "a", [1, 2]), Control("a", "b", [1, 2])]), ValueError, "share a name"),
    (dict(model="not callable"), TypeError, "model must be callable"),
    (dict(controls=[Control("a", "a", list(range(10))), Control("b", "b", list(range(10)))]), ValueError, "thin a sweep"),
])
def test_bad_explorers(overrides, error, message):
    with pytest.raises(error, match=message):
        two(**overrides)


def test_setup_must_return_an_update_function():
    with pytest.raises(TypeError, match="update"):
        two(setup=lambda fig, ax: None).update()


def test_static_grid_has_a_frame_with_its_own_alt_for_every_combination():
    e = two()
    doc = BeautifulSoup(static_html(e, dpi=30), "html.parser")
    figure = doc.select_one("figure.mx-explorer")
    assert json.loads(figure["data-sizes"]) == [3, 2]
    frames = figure.select("img.mx-frame")
    assert [int(f["data-index"]) for f in frames] == list(range(6))
    assert [f["alt"] for f in frames] == [e.alt(p, None) for p in e.combinations()]
    assert len({f["src"] for f in frames}) == 6, "each frame must differ"
    visible = [f for f in frames if not f.has_attr("hidden")]
    assert len(visible) == 1 and int(visible[0]["data-index"]) == e.frame_index(e.initial())
    assert all(f["src"].startswith("data:image/png;base64,") for f in frames)
    assert not re.search(r"(src|href)=[\"']https?://", str(doc)), "no external resources"
    # one decorative base picture under the overlays, the same size as each of them
    (base,) = figure.select("img.mx-base")
    assert base["alt"] == "" and not base.has_attr("hidden")
    assert {(f["width"], f["height"]) for f in frames} == {(base["width"], base["height"])}


def test_static_frames_show_exactly_what_the_figure_draws():
    """Base + overlay, composited as a browser does, is each combination's own figure."""
    import base64

    from metastasis.explorer.frame_layers import composite
    from metastasis.palette import nearest_indices, shared_palette

    e = two()
    html = static_html(e, dpi=30)
    doc = BeautifulSoup(html, "html.parser")

    def png(img):
        return base64.b64decode(img["src"].split(",", 1)[1])

    base = png(doc.select_one("img.mx-base"))
    overlays = [png(f) for f in doc.select("img.mx-frame")]
    images = [e.frame_image(p, dpi=30)[0] for p in e.combinations()]
    table = shared_palette(images, 63)
    for k, image in enumerate(images):
        expected = table[nearest_indices([image], table)[0]]
        assert np.array_equal(composite(base, overlays[k]), expected), f"frame {k} is not its figure"
    assert max(map(len, overlays)) < len(base), "an overlay holds only what differs from the base"


def test_static_controls_are_labelled_and_keyboard_operable():
    doc = BeautifulSoup(static_html(two(), dpi=30), "html.parser")
    slider = doc.select_one("input[type=range]")
    menu = doc.select_one("select")
    for control in (slider, menu):
        assert doc.select_one(f"label[for={control['id']}]") is not None, "every control has a label"
    assert slider["min"] == "0" and slider["max"] == "2" and slider["value"] == "1" and slider["data-control"] == "0"
    assert json.loads(slider["data-labels"]) == ["0", "1", "2"] and slider["aria-valuetext"] == "1"
    assert doc.select_one(f"output[for={slider['id']}]").get_text() == "1"
    assert [o.get_text() for o in menu.select("option")] == ["line", "step"] and menu["data-control"] == "1"
    assert menu.select_one("option[selected]").get_text() == "line"
    assert "oninput" not in str(doc), "the frame switching lives in explorer.js, not inline"


def test_alt_and_caption_are_escaped_and_empty_alt_is_an_error():
    html = static_html(two(alt=lambda p, d: '<script>alert("x")</script>', caption="<b>bold</b>"), dpi=30)
    assert "<script>alert" not in html and "&lt;b&gt;" in html
    with pytest.raises(ValueError, match="alt text"):
        static_html(two(alt=lambda p, d: " "), dpi=30)


def test_live_widget_has_one_control_per_parameter_and_redraws():
    import ipywidgets as widgets

    e = two()
    box = e.live()
    slope, shape = box.inputs["slope"], box.inputs["shape"]
    assert isinstance(slope, widgets.SelectionSlider) and isinstance(shape, widgets.ToggleButtons)
    assert [label for label, _ in slope.options] == ["0", "1", "2"], "the live slider moves over the static sweep"
    assert slope.description == "slope (per unit)" and slope.style.description_width == "initial"
    first = box.view.value
    slope.value = 2.0
    assert list(e.figure().axes[0].lines[0].get_ydata()) == [0.0, 2.0]
    assert box.view.value != first and 'alt="a line with slope 2"' in box.view.value
    shape.value = "step"
    assert 'alt="a step with slope 2"' in box.view.value


def test_long_label_sets_get_a_menu_that_is_not_squeezed():
    import ipywidgets as widgets

    labels = [f"option {i}" for i in range(6)]
    e = two(controls=[Control("shape", "a long description of what the reader chooses here", labels)],
            model=lambda shape: np.array([0.0, labels.index(shape)]),
            setup=lambda fig, ax: (lambda data, params: ax.lines[0].set_ydata(data)) if ax.plot([0, 1], [0, 0]) else None,
            alt=lambda p, d: f"option {p['shape']}")
    menu = e.live().inputs["shape"]
    assert isinstance(menu, widgets.Dropdown)
    assert menu.layout.width == "100%" and menu.style.description_width == "initial"


def test_toggle_buttons_fit_their_text_and_long_texts_get_a_menu():
    import ipywidgets as widgets

    from metastasis.explorer.live import MAX_TOGGLE_CHARS, control_widget

    short = control_widget(Control("view", "view", ["as printed", "one drug, one cell"]))
    assert isinstance(short, widgets.ToggleButtons) and short.style.button_width == "auto"
    long_texts = ["up-sweep (TGF-β rising)", "down-sweep (TGF-β falling)"]
    assert sum(map(len, long_texts)) > MAX_TOGGLE_CHARS
    menu = control_widget(Control("direction", "sweep", long_texts))
    assert isinstance(menu, widgets.Dropdown), "two long labels in one row of buttons would be cut off"
    assert [label for label, _ in menu.options] == long_texts


def test_static_mode_flag(monkeypatch):
    monkeypatch.delenv("METASTASIS_STATIC", raising=False)
    assert not is_static_build()
    monkeypatch.setenv("METASTASIS_STATIC", "1")
    assert is_static_build()


def test_registry_builds_every_explorer_and_each_fits_a_static_page():
    for name in explorers.names():
        e = explorers.get(name)
        assert e.name == name and e.frame_count() <= MAX_FRAMES
        assert e.time_model_ms() >= 0
    with pytest.raises(KeyError, match="known explorers"):
        explorers.get("nope")


@pytest.mark.parametrize("name", explorers.names())
def test_every_explorer_redraws_only_what_changes_and_matches_a_full_draw(name):
    """The fast path (cached background + animated artists) must give the picture a full draw gives:
    an artist that update() changes but setup() did not mark animated would stay stale."""
    e = explorers.get(name)
    for params in e.changes(4):
        e.update(params)
        fast = np.asarray(e.render()).copy()
        full = e.full_render()
        assert fast.shape == full.shape
        differing = np.any(fast != full, axis=-1).mean()
        assert differing < 0.002, f"{name} at {params}: {differing:.2%} of pixels differ from a full draw"


@pytest.mark.parametrize("name", explorers.names())
def test_every_explorer_is_legible_on_a_phone(name):
    from metastasis import style

    e = explorers.get(name)
    for params in e.combinations():
        e.update(params)
        size, text = style.smallest_text_px(e.figure())
        assert size >= style.MIN_PHONE_TEXT_PX, (
            f"{name} at {params}: {text!r} is {size:.1f} px on a 390 px phone (needs {style.MIN_PHONE_TEXT_PX})")


def test_the_full_draw_check_catches_an_artist_left_unmarked():
    def setup(fig, ax):
        (line,) = ax.plot([0, 1], [0, 0])
        ax.set_ylim(-0.5, 2.5)
        label = ax.text(0.5, 0.5, "", fontsize=20)  # changed by update, but not marked animated
        line.set_animated(True)

        def update(data, params):
            line.set_ydata(data)
            label.set_text(f"slope {params['slope']:g}")

        return update

    e = two(setup=setup, controls=[Control("slope", "slope", [0.0, 1.0, 2.0])],
            model=lambda slope: np.array([0.0, slope]))
    e.update(slope=0.0)
    e.render()
    e.update(slope=2.0)
    fast = np.asarray(e.render()).copy()
    assert np.any(fast != e.full_render()), "a stale label must show up as a difference"
