from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from .exports import INTERNAL
from .models import PracticeEntry
from .viewsets import (
    ImportViewSet,
    NotificationViewSet,
    OfficeEntryPermissionPolicy,
    PracticeEntryViewSet,
    office_references_to,
)

# Before anything asks Wagtail for the entries' policy.
register_permission_policy(PracticeEntry, OfficeEntryPermissionPolicy(PracticeEntry))


@hooks.register("register_admin_viewset")
def register_practice_entries():
    return PracticeEntryViewSet("practice_entries")


@hooks.register("register_admin_viewset")
def register_imports_and_notifications():
    return [ImportViewSet(), NotificationViewSet()]


@hooks.register("register_log_actions")
def register_entry_actions(actions):
    actions.register_action(
        "contributions.entry.create", _("Create practice entry"), _("Entry created")
    )
    actions.register_action(
        "contributions.entry.restore",
        _("Restore version"),
        _("Earlier version restored"),
    )
    actions.register_action(
        "contributions.entry.attach", _("Add attachment"), _("Attachment added")
    )
    actions.register_action(
        "contributions.entry.detach", _("Remove attachment"), _("Attachment removed")
    )
    actions.register_action(
        "contributions.entry.ready", _("Mark ready"), _("Marked ready for focal point")
    )
    actions.register_action(
        "contributions.entry.submit", _("Submit"), _("Submitted to the Office")
    )
    actions.register_action(
        "contributions.entry.withdraw", _("Withdraw"), _("Withdrawn")
    )
    actions.register_action("contributions.entry.archive", _("Archive"), _("Archived"))
    actions.register_action(
        "contributions.entry.unarchive",
        _("Restore from the archive"),
        _("Restored from the archive"),
    )
    actions.register_action(
        "contributions.entry.purge",
        _("Purge"),
        _("Purged with its versions and files"),
    )


@hooks.register("register_api_v1")
def register_organisations_api():
    from .api import OrganisationListView

    return [("organisations", "organisations/", OrganisationListView.as_view())]


@hooks.register("register_log_actions")
def register_import_actions(actions):
    actions.register_action(
        "contributions.import", _("Import from a file"), _("Rows imported from a file")
    )


@hooks.register("register_log_actions")
def register_export_actions(actions):
    @actions.register_action("contributions.export")
    class ExportMessage(LogFormatter):
        label = _("Export practice entries")

        def format_message(self, log_entry):
            data = log_entry.data
            fields = (
                _("with internal fields")
                if data.get("fields") == INTERNAL
                else _("public fields only")
            )
            chosen = data.get("filters") or _("none, every entry")
            return _(
                "Entries exported as %(format)s, %(fields)s; search and filters: "
                "%(filters)s"
            ) % {
                "format": data.get("format", "").upper(),
                "fields": fields,
                "filters": chosen,
            }


# Of an organisation's entries, the Office's usage and delete screens count only
# those it may see (accounts.viewsets).
hooks.register("filter_organisation_references", office_references_to)


@hooks.register("compendium_follow_view")
def alert_me_link(request, query_string):
    """Every browse page offers its view as an e-mail alert; the same link for
    everyone, as visitors' pages are kept: whoever is not signed in is asked
    to sign in first."""
    from django.urls import reverse

    path = reverse("contributions:alert_create")
    return [
        {
            "label": _("Alert me by e-mail"),
            "url": f"{path}?{query_string}" if query_string else path,
        }
    ]


@hooks.register("contributions_portal_links")
def alerts_link(request):
    """The portal header's "E-mail alerts", for members."""
    from django.urls import reverse

    from .alerts import may_have_alerts

    if not may_have_alerts(request.user):
        return []
    url = reverse("contributions:alerts")
    return [
        {
            "label": _("E-mail alerts"),
            "url": url,
            "current": request.path.startswith(url),
        }
    ]
