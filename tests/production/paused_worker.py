"""`manage.py run_worker`, stopped for ever in the middle of one kind of work
(PAUSE_IN = release, import or pdf) once part of it is written, after writing
the file PAUSE_MARK: for tests that kill the worker there and start another.

    python -m tests.production.paused_worker [run_worker options]
"""

import os
import sys
import time
from pathlib import Path


def pause_here():
    Path(os.environ["PAUSE_MARK"]).write_text(str(os.getpid()))
    while True:
        time.sleep(60)


def pause_the_release():
    from compendium import editions, tasks

    # One entry per batch, so that the pause comes with rows already written.
    editions.BATCH = 1
    release = editions.release

    def release_then_pause(*, actor, edition, progress=None):
        def progress_then_pause(done, total, finishing=False):
            if progress:
                progress(done, total, finishing)
            if done:
                pause_here()

        return release(actor=actor, edition=edition, progress=progress_then_pause)

    tasks.editions = _Proxy(editions, release=release_then_pause)


def pause_the_import():
    from contributions.imports import jobs, runner

    runner.CHUNK_ROWS = 1

    def progress_then_pause(job_id):
        def report(rows):
            pause_here()

        return report

    jobs._progress = progress_then_pause


def pause_the_pdf():
    from django.core.files import File

    from compendium import pdf

    class HalfWritten(File):
        def chunks(self, chunk_size=None):
            for number, chunk in enumerate(super().chunks(1024)):
                yield chunk
                if number:
                    pause_here()

    pdf.File = HalfWritten


class _Proxy:
    """A module with some of its names replaced."""

    def __init__(self, module, **replaced):
        self._module = module
        self.__dict__.update(replaced)

    def __getattr__(self, name):
        return getattr(self._module, name)


if __name__ == "__main__":
    import django

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "compendium.settings.test")
    django.setup()
    {"release": pause_the_release, "import": pause_the_import, "pdf": pause_the_pdf}[
        os.environ["PAUSE_IN"]
    ]()
    from django.core.management import call_command

    call_command("run_worker", *sys.argv[1:])
