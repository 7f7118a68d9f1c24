"""Dates in the project's own admin listings, read as everywhere else
(compendium/formats): "3 December 2026" and "3 December 2026, 13:11".

Wagtail's DateColumn says how long ago a time was, and "Just now" for any time
still to come, such as a feedback round that closes in two weeks.
"""

import datetime

from wagtail.admin.ui.tables import Column


class DateColumn(Column):
    """A date or a date and time, written out in the reader's language and time
    zone, past or future alike."""

    cell_template_name = "includes/_date_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        value = context["value"]
        with_time = isinstance(value, datetime.datetime)
        context["format"] = "DATETIME_FORMAT" if with_time else "DATE_FORMAT"
        context["machine_format"] = "c" if with_time else "Y-m-d"
        return context
