"""The demo's statements at the 2015 dialogue: two delegations' statements,
published by the Office. Their text is written for the demo and says so: it
is not what was delivered that day. Idempotent: a statement already there is
left as it is."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from contributions.uploads import (
    clean_display_name,
    generated_storage_name,
    validate_document_with_text,
)
from dialogues.choices import StatementStatus
from dialogues.models import NEW_YORK, Speaker, Statement

from .documents import text_pdf

DEMO_NOTE = (
    "Demonstration document of the R2P Compendium of Practice: written for the "
    "demo, it is not the statement delivered at the dialogue."
)
# (ISO3 code, language, title, file name, paragraphs)
STATEMENTS = [
    (
        "DNK",
        "en",
        "Statement on behalf of the Group of Friends of the Responsibility to Protect",
        "Denmark - Group of Friends statement.pdf",
        [
            "Mr. President, I have the honour to speak on behalf of the Group of "
            "Friends of the Responsibility to Protect. We thank the Secretary-General "
            "for his report, A vital and enduring commitment, and welcome the six "
            "core priorities it sets out for the next decade.",
            "Ten years after the World Summit, prevention must move from principle "
            "to practice. Our members have appointed national focal points, and we "
            "encourage every Member State to do the same and to join the Global "
            "Network of R2P Focal Points.",
            "We support the call to address the risk of recurrence, and to give "
            "regional arrangements the means to act early. Thank you.",
        ],
    ),
    (
        "GHA",
        "en",
        "Statement by the Minister for Foreign Affairs of Ghana",
        "Ghana statement.pdf",
        [
            "Mr. President, Ghana aligns itself with the statement of the African "
            "Union. Our National Peace Council, established by law in 2011, shows "
            "that national institutions for dialogue and mediation prevent "
            "violence before it starts.",
            "We call for stronger cooperation between the United Nations and "
            "regional organisations on early warning, and for support to States "
            "that ask for help in meeting their responsibility to protect their "
            "populations. Thank you.",
        ],
    ),
]


def seed_statements(dialogue):
    """Two published statements at the dialogue, from delegations on its list."""
    published_at = datetime.datetime(2015, 9, 9, 10, tzinfo=NEW_YORK)
    for iso3, language, title, file_name, paragraphs in STATEMENTS:
        speaker = (
            Speaker.objects.filter(
                dialogue=dialogue, organisation__country__iso3=iso3, withdrawn=False
            )
            .select_related("organisation")
            .first()
        )
        if speaker is None:
            continue
        statement = Statement.objects.filter(
            dialogue=dialogue, organisation=speaker.organisation, language=language
        ).first()
        if statement is not None:
            continue
        document = ContentFile(
            text_pdf(title, [DEMO_NOTE, *paragraphs]), name=file_name
        )
        kind = validate_document_with_text(document)
        statement = Statement(
            dialogue=dialogue,
            organisation=speaker.organisation,
            speaker=speaker,
            language=language,
            title=title,
            display_name=clean_display_name(file_name, kind),
            kind=kind.code,
            content_type=kind.content_type,
            size=document.size,
            uploaded_at=datetime.datetime(2015, 9, 8, 12, tzinfo=NEW_YORK),
            status=StatementStatus.PUBLISHED,
            published_at=min(published_at, timezone.now()),
        )
        statement.file.save(generated_storage_name(kind), document, save=False)
        statement.save()
