import os
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = (
        "Copy the SQLite database to DESTINATION while the app keeps running: a consistent snapshot "
        "through SQLite's online backup API, including what is still in the write-ahead log. "
        "DESTINATION is a file, or an existing directory that gets skills-gap-<UTC time>.sqlite3. "
        "The copy is written beside the destination, checked with PRAGMA integrity_check and only then "
        "moved into place, so a destination never holds half a backup. An existing file is replaced only "
        "with --overwrite. To restore, stop the app, copy the backup to SQLITE_PATH (deleting any "
        "-wal and -shm files beside it) and start the app. For PostgreSQL use pg_dump (see the README)."
    )

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path, help="A file to create, or a directory to put it in.")
        parser.add_argument("--overwrite", action="store_true", help="Replace DESTINATION if it is a file.")

    def handle(self, *args, destination: Path, overwrite: bool, **options):
        if connection.vendor != "sqlite":
            raise CommandError(
                f"The database is {connection.display_name}, not SQLite: back it up with pg_dump (see the README)."
            )
        source = Path(connection.settings_dict["NAME"]).resolve()
        if not source.is_file():
            raise CommandError(f"There is no database at {source}.")
        if destination.is_dir():
            destination = destination / f"skills-gap-{datetime.now(UTC):%Y%m%d-%H%M%S}.sqlite3"
        destination = destination.resolve()
        if destination == source:
            raise CommandError("The destination is the live database itself.")
        if destination.exists() and not overwrite:
            raise CommandError(f"{destination} exists; pass --overwrite to replace it.")
        if not destination.parent.is_dir():
            raise CommandError(f"The directory {destination.parent} does not exist.")

        started = time.monotonic()
        partial = destination.with_name(f".{destination.name}.partial-{os.getpid()}")
        try:
            pages = _backup(source, partial)
            partial.replace(destination)
        finally:
            partial.unlink(missing_ok=True)
        size = destination.stat().st_size
        self.stdout.write(
            f"Backed up {source.name} to {destination} ({pages} pages, {size / 2**20:.1f} MiB) "
            f"in {time.monotonic() - started:.1f} s; integrity check ok."
        )


def _backup(source: Path, target: Path) -> int:
    """Copy `source` to `target` in one step of the backup API and check the copy; returns its page count.

    One step is one read transaction on the source: a snapshot that writers (in
    WAL mode) do not wait for and cannot change. The copy is made a standalone
    file without a write-ahead log.
    """
    reader = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True, timeout=30)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
        writer.execute("PRAGMA journal_mode=DELETE")
        check = writer.execute("PRAGMA integrity_check").fetchall()
        pages = writer.execute("PRAGMA page_count").fetchone()[0]
    finally:
        writer.close()
        reader.close()
    if check != [("ok",)]:
        raise CommandError(f"The copy failed its integrity check: {check[:5]}")
    return pages
