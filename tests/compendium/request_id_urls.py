"""The project's URL conf with one more page, which writes a log line and
queues a background task that writes another."""

import logging

from django.http import HttpResponse
from django.urls import path
from django_tasks import task

from compendium import urls as project_urls

logger = logging.getLogger("tests.request_ids")


@task()
def note_in_the_background(text):
    logger.warning("background: %s", text)
    return text


def logged(request):
    logger.warning("in the view")
    note_in_the_background.enqueue("queued by the view")
    return HttpResponse("logged")


urlpatterns = [path("logged/", logged)]
urlpatterns += project_urls.urlpatterns
