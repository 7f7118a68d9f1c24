"""A reviewer quotes a passage by selecting it in the version shown, in a real
browser: the comment is saved on that field with that quote, beside the field."""

import pytest
from playwright.sync_api import expect

from contributions import services as contribution_services
from review.models import Comment
from tests.contributions.factories import PASSWORD, MembershipFactory, create_entry
from tests.e2e.conftest import check_page, sign_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSAGE = "reports to parliament every year"


def select_text(page, container, passage):
    """Drag the mouse across `passage` inside `container`, as a reader would."""
    box = container.evaluate(
        """(element, passage) => {
            const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const start = walker.currentNode.data.indexOf(passage);
                if (start >= 0) {
                    const range = document.createRange();
                    range.setStart(walker.currentNode, start);
                    range.setEnd(walker.currentNode, start + passage.length);
                    const rects = range.getClientRects();
                    const first = rects[0], last = rects[rects.length - 1];
                    return {
                        x1: first.left + 1, y1: first.top + first.height / 2,
                        x2: last.right - 1, y2: last.top + last.height / 2,
                    };
                }
            }
            return null;
        }""",
        passage,
    )
    assert box, f"{passage!r} is not in the field"
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=5)
    page.mouse.up()


def test_a_reviewer_quotes_a_passage_of_the_description_by_selecting_it(
    new_page, ghana, reviewer
):
    contributor = MembershipFactory(organisation=ghana).user
    focal_point = MembershipFactory(organisation=ghana, focal_point=True).user
    entry = create_entry(
        contributor,
        ghana,
        description=(
            "<p>The committee meets monthly and reports to parliament every year "
            "on the risk factors it has found.</p>"
        ),
    )
    contribution_services.submit(actor=focal_point, entry=entry)

    office = new_page()
    sign_in(office, reviewer.email, PASSWORD)
    office.wait_for_url("**/admin/")
    office.goto(f"/admin/review/{entry.pk}/")
    description = office.locator("#field-description [data-quote-field]")
    expect(description).to_contain_text(PASSAGE)

    select_text(office, description, PASSAGE)

    form = office.locator("form[data-quote-form]")
    expect(form.get_by_label("On", exact=True)).to_have_value("description")
    expect(form.get_by_label("Quoted passage (optional)")).to_have_value(PASSAGE)
    expect(form.locator("[data-quote-note]")).to_be_visible()
    expect(form.locator("[data-quote-note]")).to_contain_text(
        f"Quoted from Description: “{PASSAGE}”"
    )
    expect(form.locator("#new-body")).to_be_focused()
    check_page(office, "review-quote-selected")

    office.keyboard.type("Since when does it report to parliament?")
    form.get_by_role("button", name="Add comment").click()
    expect(office.get_by_text("Comment added.")).to_be_visible()

    comment = Comment.objects.get()
    assert (comment.field, comment.quote) == ("description", PASSAGE)
    assert comment.body == "Since when does it report to parliament?"
    beside = office.locator("#field-description .review-field__comments")
    expect(beside.locator("blockquote")).to_have_text(PASSAGE)
    expect(beside).to_contain_text("Since when does it report to parliament?")
    office.locator(f"#comment-{comment.pk}").scroll_into_view_if_needed()
    check_page(office, "review-quote-saved")
