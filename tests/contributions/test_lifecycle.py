"""An entry's status has one owner: the lifecycle service. Nothing else writes it,
each move is allowed by one table, and a move made with other work (a comment
that starts a review) stands or falls with that work."""

import ast
from pathlib import Path

import pytest
from django.db import transaction

from contributions import services as contribution_services
from contributions.choices import EntryAction, EntryStatus
from contributions.models import EntryTransition, PracticeEntry
from contributions.services import lifecycle
from contributions.services.entries import EntryProblem
from review import services as review_services
from review.models import Comment
from tests.test_project import LAYERS

ROOT = Path(__file__).resolve().parents[2]
SERVICE = ROOT / "contributions" / "services" / "lifecycle.py"
# Methods that write the fields they are given to the database.
WRITING_METHODS = {"update", "create", "get_or_create", "update_or_create"}


def app_modules():
    """Every Python module of the project's apps, migrations aside."""
    for app in LAYERS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts and path != SERVICE:
                yield path


def names_in(node):
    return {
        found.id if isinstance(found, ast.Name) else found.attr
        for found in ast.walk(node)
        if isinstance(found, ast.Name | ast.Attribute)
    }


def about_entries(value, module_names):
    """Whether a status written with `value` is an entry's: anything in a module
    that knows entries, unless the value plainly comes from another model's
    statuses (an edition's, an import's)."""
    other_statuses = {
        name
        for name in names_in(value)
        if name.endswith("Status") and name != "EntryStatus"
    }
    return not other_statuses and bool(
        module_names & {"EntryStatus", "PracticeEntry", "lifecycle"}
    )


def status_writes(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    module_names = names_in(tree)
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for element in ast.walk(target):
                if (
                    isinstance(element, ast.Attribute)
                    and element.attr == "status"
                    and isinstance(element.ctx, ast.Store)
                    and about_entries(node.value, module_names)
                ):
                    yield node.lineno, ast.unparse(node)
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        called = (
            function.attr
            if isinstance(function, ast.Attribute)
            else getattr(function, "id", "")
        )
        status = next(
            (keyword.value for keyword in node.keywords if keyword.arg == "status"),
            None,
        )
        if status is not None and (
            called == "PracticeEntry"
            or (called in WRITING_METHODS and about_entries(status, module_names))
        ):
            yield node.lineno, ast.unparse(node)[:100]
        if (
            called == "setattr"
            and len(node.args) == 3
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value == "status"
        ):
            yield node.lineno, ast.unparse(node)


def test_only_the_lifecycle_service_writes_an_entrys_status():
    writes = [
        f"{path.relative_to(ROOT)}:{line}: {code}"
        for path in app_modules()
        for line, code in status_writes(path)
    ]
    assert writes == []


def test_the_check_sees_each_way_of_writing_a_status(tmp_path):
    module = tmp_path / "module.py"
    module.write_text(
        "from contributions.choices import EntryStatus\n"
        "entry.status = EntryStatus.ACCEPTED\n"
        "entry.status = status\n"
        "PracticeEntry.objects.filter(pk=1).update(status='accepted')\n"
        "PracticeEntry(title='x', status=EntryStatus.DRAFT)\n"
        "setattr(entry, 'status', 'accepted')\n"
        "edition.status = EditionStatus.RELEASED\n"
        "job.update(status=ImportStatus.FAILED)\n"
    )
    assert [line for line, _code in status_writes(module)] == [2, 3, 4, 5, 6]


def test_every_status_is_reached_from_a_draft_by_the_tables_moves():
    for status in EntryStatus:
        steps = lifecycle.path_to(status)
        here = lifecycle.INITIAL
        for step in steps:
            move = lifecycle.MOVES[step.action]
            assert (step.from_status, step.to_status) == (here, move.target)
            assert here in move.sources
            here = step.to_status
        assert here == status


def test_a_new_entry_starts_where_its_moves_bring_it():
    entry = PracticeEntry(title="Early warning")
    steps = lifecycle.start_at(entry, EntryStatus.SUBMITTED)
    assert entry.status == EntryStatus.SUBMITTED
    assert steps == ((EntryAction.SUBMIT, EntryStatus.DRAFT, EntryStatus.SUBMITTED),)


@pytest.mark.django_db
def test_a_status_changes_only_on_the_locked_row(draft, focal_point):
    with transaction.atomic(), pytest.raises(RuntimeError):
        lifecycle.change_status(draft, EntryAction.SUBMIT, actor=focal_point)
    draft.refresh_from_db()
    assert draft.status == EntryStatus.DRAFT


@pytest.mark.django_db
def test_a_move_the_table_does_not_allow_is_refused(draft, reviewer):
    with transaction.atomic(), pytest.raises(EntryProblem) as problem:
        current = lifecycle.lock_entry(draft)
        lifecycle.change_status(current, EntryAction.ACCEPT, actor=reviewer)
    assert "draft" in problem.value.message
    assert not EntryTransition.objects.filter(entry=draft).exists()


@pytest.mark.django_db
def test_the_offices_moves_leave_the_last_editor_alone(draft, focal_point, reviewer):
    entry = contribution_services.submit(actor=focal_point, entry=draft)
    assert entry.updated_by == focal_point
    entry = review_services.start_review(actor=reviewer, entry=entry)
    entry.refresh_from_db()
    assert (entry.status, entry.updated_by) == (EntryStatus.UNDER_REVIEW, focal_point)


@pytest.fixture
def submitted(draft, focal_point):
    return contribution_services.submit(actor=focal_point, entry=draft)


@pytest.mark.django_db
def test_the_offices_first_comment_starts_the_review(submitted, reviewer):
    review_services.add_comment(actor=reviewer, entry=submitted, body="Which year?")
    submitted.refresh_from_db()
    assert submitted.status == EntryStatus.UNDER_REVIEW
    transition = submitted.transitions.first()
    assert (transition.action, transition.actor) == (
        EntryAction.START_REVIEW,
        reviewer,
    )


@pytest.mark.django_db
def test_a_comment_that_starts_the_review_is_one_transaction(
    submitted, reviewer, monkeypatch
):
    """The start of the review and the comment stand or fall together: a failure
    after the start leaves neither."""

    def failing_log(instance, action, **kwargs):
        if action == "review.start":
            raise RuntimeError("The audit log is unavailable.")

    monkeypatch.setattr(review_services, "log", failing_log)
    with pytest.raises(RuntimeError):
        review_services.add_comment(actor=reviewer, entry=submitted, body="Which year?")
    submitted.refresh_from_db()
    assert submitted.status == EntryStatus.SUBMITTED
    assert not Comment.objects.filter(entry=submitted).exists()
    assert not submitted.transitions.filter(action=EntryAction.START_REVIEW).exists()


@pytest.mark.django_db
def test_a_failed_comment_does_not_start_the_review(submitted, reviewer, monkeypatch):
    def failing_create(**kwargs):
        raise RuntimeError("The comment could not be saved.")

    monkeypatch.setattr(Comment.objects, "create", failing_create)
    with pytest.raises(RuntimeError):
        review_services.add_comment(actor=reviewer, entry=submitted, body="Which year?")
    submitted.refresh_from_db()
    assert submitted.status == EntryStatus.SUBMITTED
