"""What the contributions app announces to the apps built on it (the review app
listens), so that it never has to import them."""

from django.dispatch import Signal

# Sent after a focal point's submission is committed, with `entry`, `actor`,
# `message` and `resubmission` (True when the Office had asked for changes).
entry_submitted = Signal()
