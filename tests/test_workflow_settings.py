"""The workflow's settings are read from the environment and checked at start-up."""

import os
import subprocess
import sys

from django.conf import settings

SNIPPET = (
    "import django; django.setup(); from django.conf import settings as s;"
    "print('SETTINGS', s.MEDICAL_REVIEW_QUORUM_MAJOR, s.MEDICAL_REVIEW_QUORUM_MINOR,"
    " s.MEDICAL_REVIEW_INTERVAL_MONTHS, s.REVIEW_DUE_SOON_DAYS, s.SITE_URL)"
)


def _values(result) -> list[str]:
    # Other start-up output (logging) may share stdout; pick out our line.
    line = next(line for line in result.stdout.splitlines() if line.startswith("SETTINGS "))
    return line.split()[1:]


def _run(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MEDICAL_", "REVIEW_", "SITE_"))}
    return subprocess.run(
        [sys.executable, "-c", SNIPPET],
        env={**clean, "DJANGO_SETTINGS_MODULE": "healthsite.settings", "DJANGO_DEBUG": "1", **env},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def test_defaults():
    result = _run()
    assert result.returncode == 0, result.stderr
    assert _values(result) == ["2", "1", "12", "30", "http://127.0.0.1:8000"]


def test_values_from_the_environment():
    result = _run(
        MEDICAL_REVIEW_QUORUM_MAJOR="3",
        MEDICAL_REVIEW_QUORUM_MINOR="2",
        MEDICAL_REVIEW_INTERVAL_MONTHS="6",
        REVIEW_DUE_SOON_DAYS="14",
        SITE_URL="https://health.example/",
    )
    assert result.returncode == 0, result.stderr
    assert _values(result) == ["3", "2", "6", "14", "https://health.example"]


def test_nonsense_is_refused_with_a_clear_message():
    for value, message in (("two", "must be a whole number"), ("0", "must be at least 1")):
        result = _run(MEDICAL_REVIEW_QUORUM_MAJOR=value)
        assert result.returncode != 0
        assert f"MEDICAL_REVIEW_QUORUM_MAJOR {message}" in result.stderr
