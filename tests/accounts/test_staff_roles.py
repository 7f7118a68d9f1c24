"""Each staff role carries exactly the permissions the Office's work needs,
whichever app owns the models: accounts grants what its roles may do with its
own models and the compendium's, and each app above adds what the roles may do
with its models (its AppConfig's `staff_permissions`)."""

import pytest
from django.contrib.auth.models import Group

from accounts.choices import StaffRole

pytestmark = pytest.mark.django_db

ROUNDS = {
    "review.add_feedbackround",
    "review.change_feedbackround",
    "review.view_feedbackround",
    "review.change_feedback",
    "review.view_feedback",
}

# The dialogue's secretariat (dialogues/apps.py).
SECRETARIAT = {
    "dialogues.add_dialogue",
    "dialogues.change_dialogue",
    "dialogues.view_dialogue",
    "dialogues.add_speaker",
    "dialogues.change_speaker",
    "dialogues.view_speaker",
    "dialogues.change_ticketrequest",
    "dialogues.view_ticketrequest",
    "dialogues.change_statement",
    "dialogues.view_statement",
}

EXPECTED = {
    StaffRole.REVIEWER: {
        "wagtailadmin.access_admin",
        "accounts.view_organisation",
        "accounts.view_membership",
        "contributions.view_practiceentry",
        "contributions.import_practiceentry",
        "review.add_comment",
        "review.view_comment",
        "review.add_decision",
        "review.view_decision",
        *ROUNDS,
        *SECRETARIAT,
    },
    StaffRole.PUBLISHER: {
        "wagtailadmin.access_admin",
        "accounts.view_organisation",
        "contributions.view_practiceentry",
        "compendium.add_compendiumentry",
        "compendium.change_compendiumentry",
        "compendium.publish_compendiumentry",
        "compendium.lock_compendiumentry",
        "compendium.view_compendiumentry",
        "compendium.add_edition",
        "compendium.change_edition",
        "compendium.view_edition",
        "compendium.release_edition",
        *ROUNDS,
        "dialogues.view_dialogue",
        "dialogues.view_speaker",
        "dialogues.view_ticketrequest",
        "dialogues.view_statement",
    },
    StaffRole.ADMINISTRATOR: {
        "wagtailadmin.access_admin",
        *(
            f"accounts.{action}_{model}"
            for model in ("user", "membership")
            for action in ("add", "change", "delete", "view")
        ),
        "accounts.add_organisation",
        "accounts.change_organisation",
        "accounts.view_organisation",
        "accounts.add_invitation",
        "accounts.view_invitation",
        "contributions.view_practiceentry",
        "contributions.import_practiceentry",
        "contributions.archive_practiceentry",
        "compendium.change_pillar",
        "compendium.change_priority",
        "compendium.change_atrocitycrime",
        "compendium.add_practicearea",
        "compendium.change_practicearea",
        "compendium.delete_practicearea",
        "compendium.change_region",
        "compendium.change_country",
        "compendium.add_secretarygeneralreport",
        "compendium.change_secretarygeneralreport",
        "compendium.delete_secretarygeneralreport",
        *SECRETARIAT,
        "dialogues.delete_dialogue",
    },
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_staff_role_has_exactly_its_permissions(role):
    granted = {
        f"{permission.content_type.app_label}.{permission.codename}"
        for permission in Group.objects.get(name=role).permissions.select_related(
            "content_type"
        )
    }
    assert granted == EXPECTED[role]


def test_no_role_may_delete_an_entry_or_a_comment():
    granted = {
        permission.codename
        for group in Group.objects.filter(name__in=list(EXPECTED))
        for permission in group.permissions.all()
    }
    assert not {"delete_practiceentry", "delete_comment", "delete_decision"} & granted
