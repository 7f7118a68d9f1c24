"""The office's staff groups and the permissions each one carries.

Kept in code rather than only in data so every database, new or old, grants the
same rights; applied after each migrate.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from .choices import StaffRole

ACCESS_ADMIN = ("wagtailadmin", "access_admin")

# What each role may do with the compendium's and the accounts' own models. The
# apps above add what each role may do with theirs (their AppConfig's
# `staff_permissions`), so this module names nothing of theirs.
STAFF_PERMISSIONS = {
    StaffRole.REVIEWER: [
        ACCESS_ADMIN,
        ("accounts", "view_organisation"),
        ("accounts", "view_membership"),
    ],
    StaffRole.PUBLISHER: [
        ACCESS_ADMIN,
        ("accounts", "view_organisation"),
        ("compendium", "add_compendiumentry"),
        ("compendium", "change_compendiumentry"),
        ("compendium", "publish_compendiumentry"),
        ("compendium", "lock_compendiumentry"),
        ("compendium", "view_compendiumentry"),
        ("compendium", "add_edition"),
        ("compendium", "change_edition"),
        ("compendium", "view_edition"),
        ("compendium", "release_edition"),
    ],
    StaffRole.ADMINISTRATOR: [
        ACCESS_ADMIN,
        ("accounts", "add_user"),
        ("accounts", "change_user"),
        ("accounts", "delete_user"),
        ("accounts", "view_user"),
        ("accounts", "add_organisation"),
        ("accounts", "change_organisation"),
        ("accounts", "view_organisation"),
        ("accounts", "add_membership"),
        ("accounts", "change_membership"),
        ("accounts", "delete_membership"),
        ("accounts", "view_membership"),
        ("accounts", "add_invitation"),
        ("accounts", "view_invitation"),
        ("compendium", "change_pillar"),
        ("compendium", "change_priority"),
        ("compendium", "change_atrocitycrime"),
        ("compendium", "add_practicearea"),
        ("compendium", "change_practicearea"),
        # Only one nothing has ever named (added by mistake); any other is
        # retired instead (compendium.retiring).
        ("compendium", "delete_practicearea"),
        ("compendium", "change_region"),
        ("compendium", "change_country"),
        ("compendium", "add_secretarygeneralreport"),
        ("compendium", "change_secretarygeneralreport"),
        ("compendium", "delete_secretarygeneralreport"),
    ],
}

# Editorial pages (home, about) and their images and documents: publishers and
# administrators edit and publish them.
EDITORS = [StaffRole.PUBLISHER, StaffRole.ADMINISTRATOR]
PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def staff_permissions():
    """{role: [(app_label, codename), …]}: the roles' permissions here and those
    each installed app grants on its own models."""
    granted = {role: list(wanted) for role, wanted in STAFF_PERMISSIONS.items()}
    for app_config in global_apps.get_app_configs():
        for role, codenames in getattr(app_config, "staff_permissions", {}).items():
            granted[role].extend((app_config.label, name) for name in codenames)
    return granted


def staff_group(role):
    return Group.objects.get_or_create(name=role)[0]


def sync_staff_groups(sender, using="default", **kwargs):
    """Create the staff groups and grant exactly their permissions."""
    if sender.name != "accounts":
        return
    # Permissions of apps listed after this one are not created yet at this point.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)

    for role, wanted in staff_permissions().items():
        group = staff_group(role)
        group.permissions.set([_permission(app, codename) for app, codename in wanted])

    _grant_editorial_permissions()


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant_editorial_permissions():
    from wagtail.models import (
        Collection,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
    )

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for role in EDITORS:
        group = staff_group(role)
        if root_page is not None:
            for codename in PAGE_PERMISSIONS:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=_permission("wagtailcore", codename),
                )
        if root_collection is not None:
            for app_label, codename in COLLECTION_PERMISSIONS:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=_permission(app_label, codename),
                )
