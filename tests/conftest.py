"""Shared fixtures: the real texts (seed report, national corpus) and a runner for the CLI entry point."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
SEED = ROOT / "seeds" / "jiulongpo_2018.txt"
NATIONAL = ROOT / "govreport" / "data" / "national_reports.jsonl"

settings.register_profile(
    "govreport", deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", parent=settings.get_profile("govreport"), max_examples=1000)
settings.load_profile(os.environ.get("GOVREPORT_HYPOTHESIS", "govreport"))  # "thorough" for a long run


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def national_path() -> Path:
    return NATIONAL


@pytest.fixture(scope="session")
def national_rows() -> list[dict]:
    with NATIONAL.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class Run:
    """What one ``govreport`` call left behind."""

    code: int
    stdout: str
    stderr: str

    @property
    def clean(self) -> bool:
        """No traceback anywhere: user errors are one line."""
        return "Traceback" not in self.stderr and "Traceback" not in self.stdout

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]

    def csv_rows(self, delimiter: str = ",") -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(self.stdout), delimiter=delimiter))


class _Entry:
    """Lets CliRunner drive ``govreport.cli.main`` (the real entry point with its error handling)."""

    name = "govreport"

    def main(self, args=(), prog_name=None, **_):
        from govreport.cli import main

        main(list(args))


@pytest.fixture
def run():
    """``run("info", path, input=b"...")`` -> Run(code, stdout, stderr), through the real entry point."""
    runner = CliRunner()

    def _run(*args: str | Path, input: bytes | str | None = None) -> Run:
        result = runner.invoke(_Entry(), [str(a) for a in args], input=input, catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    return _run


@pytest.fixture(scope="session")
def python() -> str:
    return sys.executable


EXAMPLES = DATA / "examples"


def stage_examples(stage: str) -> list:
    """The examples of one stage (tests/data/examples/<stage>.jsonl) as pytest params, named by their note."""
    rows = [json.loads(line) for line in (EXAMPLES / f"{stage}.jsonl").open(encoding="utf-8") if line.strip()]
    return [pytest.param(row, id=f"{stage}:{i}:{row['note'][:40]}") for i, row in enumerate(rows, 1)]


def check_example(example: dict) -> None:
    """The rows of an example's text have exactly the expected figures, in order, with the fields it names."""
    from govreport.metrics import find_metrics

    rows = find_metrics(example["text"], year=example.get("year", 2018))
    assert [r["text"] for r in rows] == [e["text"] for e in example["expect"]], example["note"]
    for row, expected in zip(rows, example["expect"], strict=True):
        got = {field: row[field] for field in expected}
        assert got == expected, example["note"]
