"""What both import resources add to import-export's row loop."""


class CountedRows:
    """Counts new and changed rows as the loop decides them, and lets any
    failure that is not about a row (a database error) end the import, whose
    transaction then rolls everything back."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.counts = {"new": 0, "updated": 0}

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        if result.import_type == result.IMPORT_TYPE_NEW:
            self.counts["new"] += 1
        elif result.import_type == result.IMPORT_TYPE_UPDATE:
            self.counts["updated"] += 1
        return result

    def handle_import_error(self, result, error, raise_errors=False):
        raise error
