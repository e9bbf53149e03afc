"""Every test layer the README promises is collected (pytest silently skips some folder names)."""

from pathlib import Path

LAYERS = ("unit", "data", "lint", "book_build", "site", "browser", "learner", "notebook_client", "assignments")


def test_every_layer_is_collected(request):
    tests = Path(__file__).resolve().parent
    selected = [Path(a.split("::")[0]).resolve() for a in request.config.args]
    if selected and selected != [tests]:  # a subset was asked for on the command line: nothing to check
        return
    collected = {Path(item.fspath).resolve().relative_to(tests).parts[0] for item in request.session.items
                 if Path(item.fspath).resolve().is_relative_to(tests)}
    missing = [layer for layer in LAYERS if layer not in collected]
    assert not missing, f"test layers not collected: {missing}"
