from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.choices import StaffRole

# Both roles run feedback rounds and triage what States send back.
ROUNDS = [
    "add_feedbackround",
    "change_feedbackround",
    "view_feedbackround",
    "change_feedback",
    "view_feedback",
]


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = _("Review")
    # What each staff role may do with the review's models (accounts.roles
    # grants them after every migrate).
    staff_permissions = {
        StaffRole.REVIEWER: [
            "add_comment",
            "view_comment",
            "add_decision",
            "view_decision",
            *ROUNDS,
        ],
        StaffRole.PUBLISHER: ROUNDS,
    }

    def ready(self):
        # Connects the receiver for submitted entries.
        from . import notifications  # noqa: F401
