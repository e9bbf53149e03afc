# nbgrader configuration of the book's course (nbgrader 0.9.6, sqlite gradebook, offline).
# The course directory is this folder unless a command passes --CourseDirectory.root (the book's
# tooling always does: python -m metastasis.book.assignments, wrapped by scripts/grade.sh).
c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.course_id = "integrins-metastasis-tme"
c.CourseDirectory.db_url = "sqlite:///gradebook.db"
# nbgrader's own source folder is generated from source-md/ by jupytext: never edit it by hand.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".published.sha256"]

# What an unanswered cell holds in the student version.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Autograde runs each submission's code (unsandboxed: see the instructor guide) with a time limit.
c.Execute.timeout = 300
c.Execute.kernel_name = "python3"

# Feedback withholds the hidden tests (their code and tracebacks); see metastasis/book/feedback.py.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "metastasis.book.feedback.WithholdHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
