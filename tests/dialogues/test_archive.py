"""The archive of the General Assembly's dialogues and debates on the
responsibility to protect since 2009."""

import datetime

import pytest

from compendium.choices import OrganisationKind
from demo import dialogue as demo_dialogue
from dialogues.choices import DialogueFormat
from dialogues.models import Dialogue
from tests.contributions.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    OrganisationFactory(name="African Union", kind=OrganisationKind.REGIONAL)
    OrganisationFactory(name="Global Centre for the Responsibility to Protect")
    demo_dialogue.seed()
    return demo_dialogue.seed_archive()


def test_the_archive_since_2009_is_seeded_once(seeded):
    demo_dialogue.seed_archive()
    years = sorted(Dialogue.objects.values_list("date__year", flat=True))
    assert years[0] == 2009
    assert len(years) == len(set(years)) == len(demo_dialogue.ARCHIVE) + 1


def test_each_year_has_its_format_and_the_report_the_compendium_holds(seeded):
    by_year = {each.year: each for each in Dialogue.objects.all()}
    assert by_year[2009].format == DialogueFormat.PLENARY_DEBATE
    assert by_year[2009].date == datetime.date(2009, 7, 23)
    assert by_year[2009].report.symbol == "A/63/677"
    assert by_year[2014].report.symbol == "A/68/947"
    for year in range(2010, 2018):
        if year in by_year:
            assert by_year[year].format == DialogueFormat.INFORMAL_INTERACTIVE_DIALOGUE
    for year in (2018, 2019):
        assert by_year[year].format == DialogueFormat.PLENARY_DEBATE
    # No report row the compendium does not hold is made up.
    assert by_year[2016].report is None


def test_the_archive_page_lists_each_year_newest_first(client, seeded):
    page = client.get("/dialogues/").content.decode()
    assert page.index('id="year-2019"') < page.index('id="year-2015"')
    assert page.index('id="year-2015"') < page.index('id="year-2009"')
    assert "23 July 2009" in page
    assert "report A/63/677" in page
    assert "Plenary debate" in page
    assert "Informal interactive dialogue ·" in page
    assert "report not recorded" in page


def test_an_archived_year_without_a_deadline_reads_well(client, seeded):
    response = client.get("/dialogues/2010/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Registration deadline" not in page
    assert "The list of speakers is not yet published." in page


def test_an_empty_archive_says_so(client):
    page = client.get("/dialogues/").content.decode()
    assert "No dialogue has been announced yet." in page


def test_the_2015_list_is_published_by_the_demo(client, seeded):
    page = client.get("/dialogues/2015/").content.decode()
    assert "List of speakers — version 1," in page
