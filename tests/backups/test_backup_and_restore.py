"""Backups that restore: every table's rows and every uploaded file's bytes come back.

The round trip runs on the suite's database (SQLite under `make test`, PostgreSQL under
`make test-postgres`); under SQLite, the PostgreSQL round trip runs too, in a nested pytest
against a throwaway PostgreSQL test database, whenever PostgreSQL answers on 127.0.0.1:5432.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import socket
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from backups.archive import stored_files
from campaigns.models import Campaign
from evidence.models import EvidenceFile
from tests import builders

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files in a folder of the test's own."""
    location = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location)},
        },
    }
    return location


def realistic_data():
    """A little of everything an officer records, with an uploaded evidence file."""
    campaign = builders.campaign(title="Return home interviews for every child")
    builders.ask(campaign=campaign, title="Statutory guidance on return interviews")
    builders.consultation(title="Children missing from care: draft guidance", closes_in_days=20)
    police = builders.organisation(name="National Police Chiefs' Council")
    person = builders.person(name="Priya Shah", organisation=police)
    builders.interaction(people=[person], organisations=[police], summary="Briefing on RHIs")
    item = builders.evidence_item(title="Missing episodes by area, 2025")
    builders.evidence_file(item, name="episodes.csv", content=b"area,episodes\nKent,412\n")
    builders.evidence_file(item, name="notes.txt", content="Café notes – £0\n".encode())
    builders.opening(status="new")
    return campaign, person


def every_row():
    """Each model's rows (many-to-many tables included), in primary-key order, with every
    column, plus the list of tables, so nothing the schema holds is left out."""
    rows = {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
    }
    tables = sorted(connection.introspection.table_names())
    modelled = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    with connection.cursor() as cursor:
        for table in tables:
            if table not in modelled and not table.startswith("evidence_search_"):
                # Tables outside the ORM (the evidence search index): the ORM cannot read them.
                quoted = connection.ops.quote_name(table)
                cursor.execute(f"SELECT * FROM {quoted} ORDER BY 1")  # noqa: S608
                rows[table] = [tuple(row) for row in cursor.fetchall()]
    return tables, rows


def every_file():
    return {name: default_storage.open(name, "rb").read() for name in stored_files()}


def back_up(tmp_path) -> Path:
    out = io.StringIO()
    call_command("backup", "--output", str(tmp_path / "backups"), stdout=out)
    [archive] = (tmp_path / "backups").glob("waymark-backup-*.tar.gz")
    assert str(archive) in out.getvalue()
    return archive


def test_a_restore_brings_back_every_row_and_every_uploaded_file(tmp_path):
    campaign, person = realistic_data()
    before_tables, before_rows = every_row()
    before_files = every_file()
    assert len(before_files) == 2
    archive = back_up(tmp_path)

    # A bad day: records edited, added and deleted; files lost, changed and added.
    Campaign.objects.filter(pk=campaign.pk).update(title="Overwritten by mistake")
    person.delete()
    builders.campaign(title="Added after the backup")
    lost, changed = EvidenceFile.objects.order_by("pk")
    lost.file.delete(save=False)
    default_storage.delete(changed.file.name)
    default_storage.save(changed.file.name, ContentFile(b"scribbled over"))
    default_storage.save("evidence/stray.txt", ContentFile(b"not in the backup"))
    assert every_row()[1] != before_rows and every_file() != before_files

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    after_tables, after_rows = every_row()
    assert after_tables == before_tables
    for label, rows in before_rows.items():
        assert after_rows[label] == rows, label
    assert every_file() == before_files
    said = out.getvalue()
    assert f"Restored the {connection.vendor} database from {archive.name}" in said
    assert "2 written" in said and "1 not in the backup removed" in said


def test_the_archive_is_dated_and_lists_its_contents_with_checksums(tmp_path):
    realistic_data()
    archive = back_up(tmp_path)
    assert archive.name.startswith("waymark-backup-20") and archive.name.endswith("Z.tar.gz")
    with tarfile.open(archive) as opened:
        manifest = json.load(opened.extractfile("manifest.json"))
        names = set(opened.getnames())
    assert manifest["engine"] == connection.vendor
    assert manifest["waymark_version"]
    assert "campaigns.0001_initial" in manifest["migrations"]
    listed = {entry["path"] for entry in manifest["files"]}
    assert listed | {"manifest.json"} == names
    assert {path for path in listed if path.startswith("media/")} == {
        f"media/{name}" for name in stored_files()
    }
    assert all(len(entry["sha256"]) == 64 and entry["size"] > 0 for entry in manifest["files"])


def damaged_copies(archive: Path, tmp_path: Path) -> dict[str, Path]:
    data = archive.read_bytes()
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(data[: len(data) // 2])
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0xFF
    corrupt = tmp_path / "corrupt.tar.gz"
    corrupt.write_bytes(bytes(flipped))
    # A well-formed archive whose uploaded file was changed after its manifest was written.
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name.startswith("media/"):
                content = content.replace(b"412", b"999")
            target.addfile(member, io.BytesIO(content))
    return {"truncated": truncated, "corrupt": corrupt, "tampered": tampered}


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("truncated", "is damaged or incomplete"),
        ("corrupt", "is damaged"),
        ("tampered", "does not match its checksum"),
    ],
)
def test_a_damaged_archive_is_refused_and_nothing_changes(tmp_path, damage, message):
    realistic_data()
    archive = back_up(tmp_path)
    builders.campaign(title="Added after the backup")
    default_storage.save("evidence/new.txt", ContentFile(b"added after the backup"))
    before_rows, before_files = every_row(), every_file()

    with pytest.raises(CommandError, match=message) as refused:
        call_command("restore", str(damaged_copies(archive, tmp_path)[damage]))

    assert "restored" in str(refused.value)
    assert every_row() == before_rows
    assert every_file() == before_files


def test_an_archive_from_another_database_engine_is_refused(tmp_path):
    realistic_data()
    archive = back_up(tmp_path)
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    relabelled = tmp_path / "other-engine.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(relabelled, "w:gz") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(content)
                manifest["engine"] = other
                content = json.dumps(manifest).encode()
                member.size = len(content)
            target.addfile(member, io.BytesIO(content))
    builders.campaign(title="Kept")

    with pytest.raises(CommandError, match=f"holds a {other} database"):
        call_command("restore", str(relabelled))
    assert Campaign.objects.filter(title="Kept").exists()


def test_something_that_is_not_a_backup_is_refused(tmp_path):
    stray = tmp_path / "photos.tar.gz"
    stray.write_bytes(gzip.compress(b"not a tar file at all" * 100))
    with pytest.raises(CommandError, match="damaged or incomplete"):
        call_command("restore", str(stray))
    with pytest.raises(CommandError, match="There is no archive"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))


def _postgresql_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the suite is already on PostgreSQL")
@pytest.mark.skipif(not _postgresql_answers(), reason="no PostgreSQL on 127.0.0.1:5432")
def test_the_round_trip_also_holds_on_postgresql():
    # This file again, on a throwaway PostgreSQL database (pytest-django creates and drops
    # test_<name>); pg_dump and pg_restore do the work there.
    base = os.environ.get("WAYMARK_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    env = {**os.environ, "DATABASE_URL": f"{base}/waymark_backups_{os.getpid()}"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            str(Path(__file__).relative_to(ROOT)),
            "-q",
            "-k",
            "every_row_and_every_uploaded_file or tampered or another_database_engine",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert " passed" in result.stdout and "skipped" not in result.stdout.splitlines()[-1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's")
def test_a_restored_postgresql_database_is_analysed_before_the_first_page_is_served(tmp_path):
    realistic_data()
    archive = back_up(tmp_path)

    call_command("restore", str(archive), stdout=io.StringIO())

    # pg_restore recreates the tables: until they are analysed they have no column statistics
    # (the planner guesses), and until they are vacuumed no page is marked all-visible (every
    # count visits every row).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stats WHERE tablename = %s", [Campaign._meta.db_table]
        )
        [(columns_with_statistics,)] = cursor.fetchall()
        cursor.execute(
            "SELECT relpages, relallvisible FROM pg_class WHERE relname = %s",
            [Campaign._meta.db_table],
        )
        [(pages, all_visible_pages)] = cursor.fetchall()
    assert columns_with_statistics > 0
    assert pages > 0 and all_visible_pages == pages
