"""Every example of the README (its ```bash blocks) runs as a user would: against a plain, non-editable install
of the package, from a folder that is not the repository.

The README's own files (report.txt, reports/, corpus.jsonl, central.csv) are made in that folder from the
bundled report and the bundled national corpus; examples that name other files of the user's are skipped.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = ROOT / "govreport" / "data" / "national_reports.jsonl"
_FILE_LIKE = re.compile(r"/|\*|\.(?:txt|jsonl|csv|tsv|json|md|html?)$")


def readme_examples() -> list[str]:
    """The command lines of the README's bash blocks, comments dropped, without install and test commands."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = re.sub(r"\s+#\s.*$", "", line).strip()
            if line.startswith("govreport") and "pip install" not in line:
                lines.append(line)
    return lines


def _outputs(tokens: list[str]) -> set[str]:
    """The files a command line writes (-o FILE, > FILE): they need not exist."""
    return {tokens[i + 1] for i, t in enumerate(tokens[:-1]) if t in ("-o", "--output", ">")}


def _user_files_missing(line: str, cwd: Path) -> bool:
    tokens = shlex.split(line)
    written = _outputs(tokens)
    for t in tokens[1:]:
        if t.startswith("-") or t in written or t.startswith("corpus:") or not _FILE_LIKE.search(t):
            continue
        if not list(cwd.glob(t)) and not (cwd / t).exists():
            return True
    return False


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """govreport installed from the working tree with pip into a folder of its own (no editable link)."""
    target = tmp_path_factory.mktemp("site")
    build = tmp_path_factory.mktemp("build")
    shutil.copytree(ROOT, build / "src", ignore=shutil.ignore_patterns(".git", "tests", "*.egg-info", "build",
                                                                          "__pycache__"))
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                           "--no-index", "--target", str(target), str(build / "src")],
                          capture_output=True, text=True)
    assert done.returncode == 0, f"pip cannot install the package (is the test extra installed?): {done.stderr[-500:]}"
    return target


@pytest.fixture(scope="module")
def user_folder(tmp_path_factory) -> Path:
    """A folder with the README's files of the user's, made from the bundled report and national corpus."""
    cwd = tmp_path_factory.mktemp("user")
    seed = ROOT / "govreport" / "data" / "jiulongpo_2018.txt"
    shutil.copy(seed, cwd / "report.txt")
    rows = [json.loads(line) for line in NATIONAL.read_text(encoding="utf-8").splitlines()[:3]]
    (cwd / "reports").mkdir()
    shutil.copy(seed, cwd / "reports" / "jiulongpo_2018.txt")
    for row in rows[:2]:
        (cwd / "reports" / f"{row['title']}.txt").write_text(row["content"], encoding="utf-8")
    (cwd / "corpus.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                      encoding="utf-8")
    (cwd / "central.csv").write_text("phrase,category\n高质量发展,development\n乡村振兴,rural\n", encoding="utf-8")
    return cwd


def test_the_readme_has_examples():
    examples = readme_examples()
    assert len(examples) > 20 and any("corpus:national" in e for e in examples)


def test_every_readme_example_runs_against_an_installed_package(installed, user_folder):
    env = {**os.environ, "PYTHONPATH": str(installed), "PATH": f"{installed / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    env.pop("PYTHONSAFEPATH", None)
    ran, failed = 0, []
    for line in readme_examples():
        if _user_files_missing(line, user_folder):
            continue
        done = subprocess.run(["bash", "-c", line + " > /dev/null" if ">" not in line else line], cwd=user_folder,
                              env=env, capture_output=True, text=True, timeout=120)
        ran += 1
        if done.returncode != 0:
            failed.append(f"{line}: exit {done.returncode}: {done.stderr.strip()[-300:]}")
    assert not failed, "\n".join(failed)
    assert ran >= 20
    probe = "import govreport; print(govreport.__file__, len(govreport.load_corpus('national')))"
    where = subprocess.run([sys.executable, "-c", probe], cwd=user_folder, env=env, capture_output=True, text=True)
    path, count = where.stdout.split()
    assert Path(path).is_relative_to(installed) and int(count) == len(NATIONAL.read_text(encoding="utf-8").splitlines())
