"""Django, set up for a benchmark run as a script, before the script imports the project.

Each script starts with the project on the path, then this, then its imports:

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.boot import django_setup

    django_setup()

    from interviews.models import Report

(pyproject.toml lets these scripts import after that call.)
"""

import os

import django


def django_setup(environment: dict[str, str] | None = None) -> None:
    """The test settings unless the environment names others (each benchmark makes a throwaway
    database of its own); `environment` is applied to this process's first, as the production
    shape's benchmarks do to load the production settings on their own database and Redis."""
    os.environ.update(environment or {})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    django.setup()
