"""Filters for the project's logging configuration (settings.LOGGING)."""

import logging

DOWNLOADS = ("/download.pdf", "/download.csv", "/download.xlsx", "/download.json")


class PdfNotReadyIsNotAnError(logging.Filter):
    """Django logs every 503 answer at ERROR. The PDF download answers 503 with
    Retry-After while an edition's PDF is being made, for a minute or so after
    each release, and while a failed one waits to be made again (the failure
    itself was logged at ERROR when it happened); the CSV, XLSX and JSON
    downloads while another process is still making the file: expected
    answers, logged at INFO so that error alerts stay meaningful."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if (
            getattr(record, "status_code", None) == 503
            and request is not None
            and request.path.endswith(DOWNLOADS)
        ):
            record.levelno = logging.INFO
            record.levelname = logging.getLevelName(logging.INFO)
        return True
