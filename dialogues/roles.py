"""The dialogue's secretariat attaches the President's letter and information
note: reviewers may choose documents, which the editors of pages (publishers
and administrators) upload (accounts.roles). Choosing alone keeps the
documents' own screens, and the admin sidebar's search that comes with them,
out of the reviewers' admin, whose listings have a search of their own."""

from django.contrib.auth.models import Permission

from accounts.choices import StaffRole
from accounts.roles import staff_group

DOCUMENT_PERMISSIONS = ["choose_document"]


def grant_document_permissions(sender, using="default", **kwargs):
    from wagtail.models import Collection, GroupCollectionPermission

    root = Collection.get_first_root_node()
    if root is None:
        return
    group = staff_group(StaffRole.REVIEWER)
    for permission in Permission.objects.filter(
        content_type__app_label="wagtaildocs", codename__in=DOCUMENT_PERMISSIONS
    ):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root, permission=permission
        )
