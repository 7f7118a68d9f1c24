"""What the web process and the PDF renderer agree on: the names of the
documents the one writes and the other lays out, and the exit status for an
exhausted memory limit. Kept apart so that the web process never imports
WeasyPrint (and keeps working where its system libraries are missing)."""

FRONT, BACK = "front.html", "back.html"
BODY = "body-{:05d}.html"  # numbered from 1, in document order
# The exit status that tells the parent the memory limit was reached; any other
# failure ends with Python's own status 1 and a traceback.
OUT_OF_MEMORY = 3
