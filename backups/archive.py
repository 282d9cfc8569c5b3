"""One archive holding everything Waymark keeps: the database and the uploaded files.

`create_backup` writes `waymark-backup-<UTC time>.tar.gz`:

    database/waymark.sqlite3 or database/waymark.dump   SQLite online backup / pg_dump custom format
    media/<name>                                      every file in the default storage
    manifest.json                                     version, engine, migrations, tables, and
                                                      every other member's size and sha256

`restore_backup` checks the whole archive against its manifest (and the engine and migrations
against this installation) before it touches anything, then puts the database back and makes
the default storage hold exactly the archived files.

PostgreSQL is restored in place with `pg_restore --clean --if-exists --single-transaction`: the
drop of the old tables and the load of the archived ones commit together or not at all, so a
failed restore leaves the database as it was, and it needs no right to create databases and no
change of DATABASE_URL. The restored database is then vacuumed and analysed, so its planner
statistics and visibility map are ready before the first page is served. An empty database
(a new server) is restored the same way. A database holding tables the archive does not know (a
newer Waymark's) is refused, because `--clean` only drops what the archive contains; restore
that into an empty database instead.
"""

from __future__ import annotations

import dataclasses
import datetime
import gzip
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
import zlib
from contextlib import closing
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

MANIFEST = "manifest.json"
FORMAT = 1
DATABASE_MEMBER = {"sqlite": "database/waymark.sqlite3", "postgresql": "database/waymark.dump"}
MEDIA = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, for the operator."""


@dataclasses.dataclass
class BackupReport:
    path: Path
    engine: str
    database_bytes: int
    files: int
    file_bytes: int

    def __str__(self):
        return (
            f"Backed up the {self.engine} database ({self.database_bytes:,} bytes) and "
            f"{self.files} uploaded file(s) ({self.file_bytes:,} bytes) to {self.path}"
        )


@dataclasses.dataclass
class RestoreReport:
    archive: Path
    engine: str
    created_at: str
    version: str
    files_written: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    migrations_to_apply: list[str] = dataclasses.field(default_factory=list)

    def lines(self):
        yield (
            f"Restored the {self.engine} database from {self.archive.name} "
            f"(made {self.created_at} by Waymark {self.version})."
        )
        yield (
            f"Uploaded files: {self.files_written} written, {self.files_unchanged} already "
            f"identical, {self.files_removed} not in the backup removed."
        )
        if self.migrations_to_apply:
            yield (
                f"The backup predates {len(self.migrations_to_apply)} migration(s) of this "
                "version: run `python manage.py migrate` before starting Waymark."
            )


# --- Backing up ---------------------------------------------------------------------------------


def waymark_version() -> str:
    with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as pyproject:
        return tomllib.load(pyproject)["project"]["version"]


def archive_name(now: datetime.datetime, *, seconds=False) -> str:
    stamp = now.astimezone(datetime.UTC).strftime(
        "%Y-%m-%dT%H%M%SZ" if seconds else "%Y-%m-%dT%H%MZ"
    )
    return f"waymark-backup-{stamp}.tar.gz"


def engine() -> str:
    if connection.vendor not in DATABASE_MEMBER:
        raise BackupError(f"Waymark cannot back up a {connection.vendor} database.")
    return connection.vendor


def create_backup(output_dir: Path, *, now: datetime.datetime) -> BackupReport:
    """Write one archive of the database and the uploaded files into `output_dir`."""
    vendor = engine()
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    path = output_dir / archive_name(now)
    if path.exists():
        path = output_dir / archive_name(now, seconds=True)
    if path.exists():
        raise BackupError(f"{path} already exists; not overwriting it.")
    # Written under a temporary name and renamed at the end, so an archive under its real name
    # is always complete.
    partial = path.with_name(path.name + ".partial")
    files = []
    # The schema the dump is about to capture (nothing migrates while Waymark runs).
    migrations, tables = applied_migrations(), sorted(connection.introspection.table_names())
    with tempfile.TemporaryDirectory(prefix="waymark-backup-") as scratch:
        dump = Path(scratch) / "database"
        if vendor == "sqlite":
            _dump_sqlite(dump)
        else:
            _dump_postgresql(dump)
        try:
            partial.unlink(missing_ok=True)  # left by a backup that was killed
            # Readable by its owner only: it holds personal data and restricted evidence.
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with (
                open(descriptor, "wb") as raw,
                tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as archive,
            ):
                with open(dump, "rb") as dumped:
                    files.append(
                        _add(archive, DATABASE_MEMBER[vendor], dumped, dump.stat().st_size)
                    )
                # After the database, so every file its rows name is here; a file deleted in
                # the meantime is simply not needed any more.
                for name in stored_files():
                    try:
                        stored = default_storage.open(name, "rb")
                    except FileNotFoundError:
                        continue
                    with stored:
                        size = default_storage.size(name)
                        files.append(_add(archive, MEDIA + name, stored, size))
                manifest = {
                    "format": FORMAT,
                    "waymark_version": waymark_version(),
                    "created_at": now.astimezone(datetime.UTC).isoformat(),
                    "engine": vendor,
                    "migrations": migrations,
                    "tables": tables,
                    "files": files,
                }
                body = json.dumps(manifest, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(body), int(now.timestamp())
                archive.addfile(info, io.BytesIO(body))
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    media = files[1:]
    return BackupReport(
        path=path,
        engine=vendor,
        database_bytes=files[0]["size"],
        files=len(media),
        file_bytes=sum(entry["size"] for entry in media),
    )


def applied_migrations() -> list[str]:
    return sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )


def stored_files(directory: str = "") -> list[str]:
    """Every file in the default storage, through the storage's own interface."""
    try:
        subdirectories, names = default_storage.listdir(directory)
    except FileNotFoundError:  # no upload yet: the media folder is made by the first one
        return []
    found = [str(PurePosixPath(directory, name)) for name in names]
    for subdirectory in subdirectories:
        found += stored_files(str(PurePosixPath(directory, subdirectory)))
    return sorted(found)


class _Hashing(io.RawIOBase):
    """A reader that hashes what passes through it, so each file is read only once."""

    def __init__(self, raw):
        self.raw, self.sha256, self.size = raw, hashlib.sha256(), 0

    def readable(self):
        return True

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _add(archive: tarfile.TarFile, name: str, readable, size: int) -> dict:
    info = tarfile.TarInfo(name)
    info.size, info.mode = size, 0o600
    hashing = _Hashing(readable)
    archive.addfile(info, hashing)
    if hashing.size != size:
        raise BackupError(f"{name} changed size while it was being backed up; try again.")
    return {"path": name, "size": size, "sha256": hashing.sha256.hexdigest()}


def _dump_sqlite(target: Path) -> None:
    # SQLite's online backup copies a consistent snapshot while the web server and workers go
    # on reading and writing (WAL), unlike copying the file.
    connection.ensure_connection()
    with closing(sqlite3.connect(target)) as copy:
        connection.connection.backup(copy)


def _pg_environment() -> dict:
    """libpq's own variables, so the password never appears on a command line."""
    database = connection.settings_dict
    values = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database.get("NAME"),
    }
    return {**os.environ, **{key: str(value) for key, value in values.items() if value}}


def _run(command: list[str]) -> None:
    try:
        result = subprocess.run(  # noqa: S603  fixed program, arguments built here
            command, env=_pg_environment(), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise BackupError(f"{command[0]} is not installed (PostgreSQL client tools).") from error
    if result.returncode != 0:
        # pg_restore --single-transaction rolls back on failure: nothing was changed.
        raise BackupError(
            f"{command[0]} failed and changed nothing: {result.stderr.strip()[-2000:]}"
        )


def _dump_postgresql(target: Path) -> None:
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])


# --- Restoring ----------------------------------------------------------------------------------


def read_archive(path: Path, into: Path) -> dict:
    """Unpack an archive and prove every member matches its manifest; return the manifest."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no archive at {path}.")
    try:
        with gzip.open(path, "rb") as stream:
            with tarfile.open(fileobj=stream, mode="r|") as archive:
                # The "data" filter refuses absolute paths, links out of the folder and devices.
                archive.extractall(into, filter="data")
            # Read on to the end: gzip's own checksum, at the very end, catches damage that the
            # tar reader took for the end of the archive.
            while stream.read(CHUNK):
                pass
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
        raise BackupError(
            f"{path.name} is damaged or incomplete and was not restored ({error})."
        ) from error
    try:
        manifest = json.loads((into / MANIFEST).read_text())
        listed = {entry["path"]: entry for entry in manifest["files"]}
        manifest["engine"], manifest["migrations"]  # noqa: B018  required keys
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(
            f"{path.name} has no readable manifest: it is damaged or not a Waymark backup, "
            "and was not restored."
        ) from error
    present = {
        member.relative_to(into).as_posix() for member in into.rglob("*") if member.is_file()
    }
    present.discard(MANIFEST)
    if present != set(listed):
        raise BackupError(
            f"{path.name} does not hold the files its manifest lists; it was not restored."
        )
    for name, entry in listed.items():
        member = into / name
        if member.stat().st_size != entry["size"] or _sha256(member) != entry["sha256"]:
            raise BackupError(
                f"{path.name} is damaged: {name} does not match its checksum; nothing was restored."
            )
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as read:
        while chunk := read.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def check_compatible(manifest: dict) -> list[str]:
    """Refuse what this installation cannot take; return the migrations still to apply."""
    vendor = engine()
    if manifest["engine"] != vendor:
        raise BackupError(
            f"This backup holds a {manifest['engine']} database and Waymark is set up for "
            f"{vendor}; restore it into a {manifest['engine']} database (check DATABASE_URL)."
        )
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupError(
            f"This backup was made by a newer Waymark ({manifest.get('waymark_version')}) with "
            f"migrations this version does not have ({', '.join(unknown[:3])}...); restore it "
            "with that version."
        )
    if vendor == "postgresql":
        extra = set(connection.introspection.table_names()) - set(manifest.get("tables", []))
        if extra:
            raise BackupError(
                "The database holds tables the backup does not know "
                f"({', '.join(sorted(extra)[:3])}); restoring would leave them behind. Restore "
                "into an empty database: create one, point DATABASE_URL at it and run restore."
            )
    return sorted(known - set(manifest["migrations"]))


def restore_backup(path: Path) -> RestoreReport:
    """Bring back the database and the uploaded files from an archive made by `create_backup`.

    Stop the web server and the workers first: nothing else may write while it runs.
    """
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="waymark-restore-") as scratch:
        unpacked = Path(scratch)
        manifest = read_archive(path, unpacked)
        to_apply = check_compatible(manifest)
        vendor = manifest["engine"]
        dump = unpacked / DATABASE_MEMBER[vendor]
        if vendor == "sqlite":
            _restore_sqlite(dump)
        else:
            _restore_postgresql(dump)
        report = RestoreReport(
            archive=path,
            engine=vendor,
            created_at=manifest.get("created_at", "?"),
            version=manifest.get("waymark_version", "?"),
            migrations_to_apply=to_apply,
        )
        _restore_files(unpacked / MEDIA, report)
    return report


def _restore_sqlite(dump: Path) -> None:
    name = connection.settings_dict["NAME"]
    connection.close()
    # The backup API writes into the live file under SQLite's own lock, so its WAL and any open
    # reader stay consistent, which replacing the file underneath them would not.
    # One step, one transaction: if it fails, the live database is as it was.
    try:
        with (
            closing(sqlite3.connect(dump)) as source,
            closing(sqlite3.connect(name, timeout=20)) as live,
        ):
            source.backup(live)
    except sqlite3.Error as error:
        raise BackupError(
            f"The database could not be restored and was not changed: {error}"
        ) from error
    finally:
        connection.close()


def _restore_postgresql(dump: Path) -> None:
    connection.close()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ]
    )
    # pg_restore recreates every table with no planner statistics and no visibility map, so
    # until autovacuum comes round the planner guesses row counts and every count visits every
    # row (100,000 interactions: 150 ms against 20). VACUUM cannot run inside a transaction;
    # Django's connection is in autocommit here.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def _restore_files(media: Path, report: RestoreReport) -> None:
    """Make the default storage hold exactly the archived files."""
    archived = {}
    if media.is_dir():
        archived = {
            file.relative_to(media).as_posix(): file for file in media.rglob("*") if file.is_file()
        }
    for name in stored_files():
        if name not in archived:
            default_storage.delete(name)
            report.files_removed += 1
    for name, file in sorted(archived.items()):
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as current:
                if _same(current, file):
                    report.files_unchanged += 1
                    continue
            default_storage.delete(name)
        with open(file, "rb") as content:
            saved = default_storage.save(name, File(content, name=name))
        if saved != name:
            raise BackupError(f"The file storage renamed {name} to {saved}; restore stopped.")
        report.files_written += 1


def _same(current, archived: Path) -> bool:
    digest = hashlib.sha256()
    while chunk := current.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest() == _sha256(archived)
