"""Reading stored files the same way from the local disk or from a bucket."""

import contextlib
import shutil
import tempfile
from pathlib import PurePosixPath


@contextlib.contextmanager
def local_path(stored):
    """A path on this machine holding a stored file's bytes, for code that needs
    a real file (the spreadsheet readers): the file itself on a local disk, or a
    temporary copy of the object, removed afterwards, on storage without paths."""
    try:
        path = stored.storage.path(stored.name)
    except NotImplementedError:
        path = None
    if path is not None:
        yield path
        return
    suffix = PurePosixPath(stored.name).suffix
    with (
        tempfile.NamedTemporaryFile(suffix=suffix) as copy,
        stored.storage.open(stored.name, "rb") as source,
    ):
        shutil.copyfileobj(source, copy, 1 << 20)
        copy.flush()
        yield copy.name
