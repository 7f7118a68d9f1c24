"""A request id for every request, in every log line written while it is
served and in the log lines of the background tasks it queued.

The id is the caller's X-Request-ID when it is well formed (a proxy or load
balancer in front names the request first), else a new one; it is sent back
in the response's X-Request-ID. Log records get it from RequestIdFilter;
tasks queued on the database carry it (compendium.task_backends) and the
worker sets it while each one runs.
"""

import contextvars
import logging
import re
import uuid

HEADER = "X-Request-ID"
# Letters, digits and - _ . : @ only, 8 to 128 of them: UUIDs, hexadecimal ids
# and the ids of common proxies; never anything that could split a log line.
WELL_FORMED = re.compile(r"[A-Za-z0-9\-_.:@]{8,128}")

current_request_id = contextvars.ContextVar("request_id", default=None)


def well_formed(value):
    return bool(value) and WELL_FORMED.fullmatch(value) is not None


def new_request_id():
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE, so that every answer carries the id, pages kept by
    the page cache too (which therefore never keeps one request's id)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(HEADER, "")
        request_id = given if well_formed(given) else new_request_id()
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Gives every record the request id it was written under ("-" outside a
    request or task), as record.request_id."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            # Django logs an error answer (django.request) once every
            # middleware has returned; the record names the request.
            request = getattr(record, "request", None)
            record.request_id = (
                current_request_id.get() or getattr(request, "request_id", None) or "-"
            )
        return True


def _queued_request_id(task_result):
    """The request id a task was queued under, as the database backend keeps
    it beside the task's arguments."""
    stored = getattr(getattr(task_result, "db_result", None), "args_kwargs", None)
    if isinstance(stored, dict):
        value = stored.get("request_id")
        if isinstance(value, str) and well_formed(value):
            return value
    return None


def _task_started(sender, task_result, **kwargs):
    # A task run at once inside the request keeps the request's own id.
    queued = _queued_request_id(task_result)
    if queued is not None:
        current_request_id.set(queued)


def _task_finished(sender, task_result, **kwargs):
    if _queued_request_id(task_result) is not None:
        current_request_id.set(None)


def connect():
    """Called when the app is ready: the logging configuration imports this
    module before django-tasks may be imported."""
    from django_tasks.signals import log_task_started, task_finished, task_started

    # Before django-tasks' own line saying that the task started, which then
    # carries the id too; its line saying how the task ended is written before
    # the id is forgotten.
    task_started.disconnect(log_task_started)
    task_started.connect(_task_started, dispatch_uid="request_id_task_started")
    task_started.connect(log_task_started)
    task_finished.connect(_task_finished, dispatch_uid="request_id_task_finished")
