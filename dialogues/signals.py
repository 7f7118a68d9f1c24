"""A change that alters the published list of speakers records its next
version as it is saved, wherever it is made: the portal, the Office's
screens, the moderator's (versions.py)."""

from django.db.models.signals import post_delete, post_save

from .models import Dialogue, Speaker, TicketRequest


def list_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .versions import record_change

    # Gone with its dialogue, nothing to record.
    dialogue = Dialogue.objects.filter(pk=instance.dialogue_id).first()
    if dialogue is not None:
        record_change(dialogue)


def connect():
    for model in (Speaker, TicketRequest):
        post_save.connect(list_changed, sender=model, dispatch_uid=f"list-{model}")
        post_delete.connect(
            list_changed, sender=model, dispatch_uid=f"list-deleted-{model}"
        )
