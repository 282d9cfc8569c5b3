"""Static files as production collects them: the suite's own storage is plain, so this runs
`collectstatic` with the production settings (hashed names, manifest, WhiteNoise compression)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "WAYMARK_"))}
    clean.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input"],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_SECRET_KEY": "collectstatic-test-" + "x" * 40,
            "WAYMARK_VAR_DIR": str(var),
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    static = var / "static"
    return static, json.loads((static / "staticfiles.json").read_text())["paths"]


def test_collectstatic_writes_a_manifest_of_hashed_names(collected):
    static, manifest = collected
    for name in ("vendor/waymark-frontend.min.css", "waymark/init.js", "waymark/favicon.svg"):
        assert re.fullmatch(
            rf"{re.escape(name.rsplit('.', 1)[0])}\.[0-9a-f]{{12}}\.\w+", manifest[name]
        )
        assert (static / manifest[name]).is_file()


def test_every_static_file_a_template_names_is_in_the_manifest(collected):
    """A name missing from the manifest is a 500 on every page that uses it."""
    _, manifest = collected
    named = set()
    for template in (ROOT / "templates").rglob("*.html"):
        named |= set(re.findall(r"{% static ['\"]([^'\"]+)['\"] %}", template.read_text()))
    assert named
    assert sorted(named - set(manifest)) == []


def test_every_url_in_every_stylesheet_resolves_to_a_collected_file(collected):
    static, manifest = collected
    checked = 0
    for name, hashed in manifest.items():
        if not name.endswith(".css"):
            continue
        css = (static / hashed).read_text()
        for reference in re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css):
            if reference.startswith(("data:", "#")):
                continue
            target = (static / hashed).parent / reference.split("#")[0].split("?")[0]
            assert target.resolve().is_file(), f"{name} refers to missing {reference}"
            checked += 1
    assert checked > 5
