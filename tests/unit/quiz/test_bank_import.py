"""Loading a bank does not pay for jsonschema's optional IRI check (seconds in every kernel)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_loading_a_bank_skips_rfc3987_syntax_and_leaves_it_importable(tmp_path):
    # a stand-in for the slow module: it records that it was imported
    (tmp_path / "rfc3987_syntax.py").write_text(
        "import pathlib\npathlib.Path(__file__).with_name('imported').write_text('yes')\n"
        "def is_valid_syntax(rule, value):\n    return True\n")
    code = ("import sys; sys.path.insert(0, sys.argv[1])\n"
            "from metastasis.quiz import load_bank, bank_names\n"
            "load_bank(bank_names()[0])\n"
            "import pathlib; print('imported by load_bank' if (pathlib.Path(sys.argv[1]) / 'imported').exists() else 'skipped')\n"
            "import rfc3987_syntax; print('importable' if rfc3987_syntax.is_valid_syntax('iri', 'x') else 'broken')\n")
    env = {"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["skipped", "importable"], proc.stdout
