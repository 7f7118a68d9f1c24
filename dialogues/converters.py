"""Ids in the dialogue's addresses: at most 18 digits, so that an address
with a number no database column holds is not found rather than an error."""

from django.urls import register_converter


class RowId:
    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(RowId, "row_id")
