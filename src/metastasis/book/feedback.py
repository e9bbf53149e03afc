"""Feedback that withholds the hidden tests: an nbconvert preprocessor for ``nbgrader generate_feedback``.

nbgrader's autograde restores every test cell from the gradebook, hidden tests included, and its
feedback HTML shows the autograded notebook as it ran: the hidden tests' code, and the tracebacks
of the ones that failed. ``assignments/nbgrader_config.py`` puts :class:`WithholdHiddenTests`
between nbgrader's ``GetGrades`` and the HTML export, so that in every feedback page

- each hidden-test region is replaced by one comment line saying that it is withheld;
- an error raised in a cell that held a hidden region keeps its type and message (the messages
  of the book's hidden tests say what was checked, never the expected value) but loses its
  traceback, which would quote the hidden line that failed.

Students see: their own code and written answers, the visible tests and their output, the points
of every cell, the instructor's comments, and for each hidden test only whether it passed and its
message.
"""

from __future__ import annotations

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

__all__ = ["WithholdHiddenTests", "withhold"]

BEGIN, END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"
NOTICE = "# (hidden tests: withheld from feedback; only their result and message are shown)"


def withhold(source: str) -> tuple[str, bool]:
    """The cell's source with each hidden region replaced by :data:`NOTICE`, and whether it had one."""
    out, inside, found = [], False, False
    for line in source.splitlines():
        if BEGIN in line:
            inside, found = True, True
            out.append(line[: len(line) - len(line.lstrip())] + NOTICE)
        elif END in line:
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out), found


class WithholdHiddenTests(Preprocessor):
    """Remove hidden tests, and the tracebacks that would quote them, from a notebook."""

    #: on by default: nbconvert registers a preprocessor named in a config list as it is
    enabled = Bool(True).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        cell.source, had_hidden = withhold(cell.source)
        if had_hidden:
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    message = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".rstrip(": ")
                    output["traceback"] = [message + "  (raised by a hidden test; its code is withheld)"]
        return cell, resources
