"""Replaces Wagtail's welcome page with the compendium's home and about pages."""

from django.db import migrations
from django.utils import timezone

HOME_LEAD = (
    "Concrete practice by Member States, regional and sub-regional organisations "
    "and civil society to protect populations from genocide, war crimes, ethnic "
    "cleansing and crimes against humanity."
)
HOME_BODY = (
    "<p>Ten years after the 2005 World Summit, the Special Adviser on the "
    "Responsibility to Protect gathers the ways in which the responsibility to "
    "protect is being implemented. The compendium of practice is a public "
    "information resource on all three pillars, organised around the six core "
    "priorities for the next decade set out in the 2015 report of the "
    "Secretary-General (A/69/981).</p>"
    "<p>Member States, regional organisations and civil society contribute "
    "entries; the Office reviews them with their contributors and releases the "
    "compendium in citable editions.</p>"
)
ABOUT_LEAD = "How the compendium is made, and who makes it."
ABOUT_BODY = (
    "<h2>Purpose</h2>"
    "<p>The compendium records practice that helps States meet their "
    "responsibility to protect populations from atrocity crimes and their "
    "incitement, so that others can learn from it.</p>"
    "<h2>How entries are made</h2>"
    "<p>Entries are submitted by Member States, regional and sub-regional "
    "organisations and civil society. The Office of the Special Adviser reviews "
    "each entry with its contributor. A preliminary pre-publication version is "
    "shared with Member States for feedback before each official edition is "
    "released.</p>"
    "<h2>Editions</h2>"
    "<p>Each edition is fixed once released, so any entry can be cited exactly as "
    "it was published.</p>"
)


def create_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("compendium", "HomePage")
    StandardPage = apps.get_model("compendium", "StandardPage")

    # Wagtail's own first migration leaves a "Welcome" page at depth 2.
    Page.objects.filter(depth=2, slug="home").delete()
    Page.objects.filter(depth=1).update(numchild=0)

    locale = Locale.objects.order_by("pk").first()
    now = timezone.now()
    home_type, _ = ContentType.objects.get_or_create(
        app_label="compendium", model="homepage"
    )
    page_type, _ = ContentType.objects.get_or_create(
        app_label="compendium", model="standardpage"
    )
    home = HomePage.objects.create(
        title="R2P Compendium of Practice",
        draft_title="R2P Compendium of Practice",
        slug="home",
        content_type=home_type,
        path="00010001",
        depth=2,
        numchild=1,
        url_path="/home/",
        locale=locale,
        live=True,
        first_published_at=now,
        last_published_at=now,
        lead=HOME_LEAD,
        body=HOME_BODY,
    )
    StandardPage.objects.create(
        title="About the compendium",
        draft_title="About the compendium",
        slug="about",
        content_type=page_type,
        path="000100010001",
        depth=3,
        numchild=0,
        url_path="/home/about/",
        locale=locale,
        live=True,
        first_published_at=now,
        last_published_at=now,
        lead=ABOUT_LEAD,
        body=ABOUT_BODY,
    )
    Page.objects.filter(depth=1).update(numchild=1)

    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost",
        port=80,
        root_page_id=home.pk,
        is_default_site=True,
        site_name="R2P Compendium of Practice",
    )


def remove_pages(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth__gte=2, path__startswith="00010001").delete()
    Page.objects.filter(depth=1).update(numchild=0)


class Migration(migrations.Migration):
    dependencies = [
        ("compendium", "0003_reference_taxonomy"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_pages, remove_pages)]
