"""SQLite: index words as written (no stemming) so a word being typed matches as a prefix.

With the porter stemmer "missing" is indexed as "miss", and the half-typed "missi" then
matches nothing; unstemmed words with prefix matching behave as people expect.
"""

from django.db import migrations

COLUMNS = "title, publisher, summary, findings, quotes, files_text"


def rebuild(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute("DROP TABLE IF EXISTS evidence_search")
    schema_editor.execute(
        f"CREATE VIRTUAL TABLE evidence_search USING fts5({COLUMNS}, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    schema_editor.execute(
        f"INSERT INTO evidence_search (rowid, {COLUMNS}) "
        "SELECT id, title, publisher, summary, key_findings, quotable_lines, files_text "
        "FROM evidence_evidenceitem"
    )


class Migration(migrations.Migration):
    dependencies = [("evidence", "0002_search_index_and_restricted_access")]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
