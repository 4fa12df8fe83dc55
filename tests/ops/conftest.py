"""Reading what an operator reads: the JSON log lines and the /metrics page."""

import io
import json
import logging

import pytest
from prometheus_client.parser import text_string_to_metric_families

from observability.logs import json_formatter
from tests.conftest import module_transaction


class JsonLog:
    """Every record logged while attached, rendered by the production formatter, then parsed."""

    def __init__(self):
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(json_formatter())

    def clear(self) -> None:
        self.stream.seek(0)
        self.stream.truncate()

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines() if line]

    def events(self, name: str) -> list[dict]:
        return [line for line in self.lines() if line["event"] == name]


@pytest.fixture
def json_log():
    log = JsonLog()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(log.handler)
    root.setLevel(logging.INFO)
    yield log
    root.removeHandler(log.handler)
    root.setLevel(previous)


def parse_lines(text: str) -> list[dict]:
    """The JSON lines of a process's output, skipping Celery's banner and other plain text."""
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def scrape(client, **extra) -> dict[tuple, float]:
    """/metrics as {(sample name, sorted labels): value}, asked from loopback by default."""
    extra.setdefault("REMOTE_ADDR", "127.0.0.1")
    response = client.get("/metrics", **extra)
    assert response.status_code == 200, response.status_code
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo world of tests/data/world.py, built once for a whole module (module_transaction)."""
    from tests.data.world import build_world

    with module_transaction(django_db_blocker):
        yield build_world()
