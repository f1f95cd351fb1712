"""The notebook downloads run as downloaded, with only what the page states.

Each notebook page offers `<name>.ipynb`, `<name>.py`, `_measure.py` and
`measurements.json`, and says they need psutil and matplotlib (and Jupyter
for the .ipynb). Here they are copied from the built site into an empty
folder and run by a fresh virtual environment that holds only those
packages: tests/notebook_reader/ locks them, and uv installs that lock from
its cache (./dev test fills it), with no network. Without measurements.json
they measure first (about a minute).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ptc import ROOT

pytestmark = pytest.mark.slow

READER = ROOT / "tests" / "notebook_reader"  # its pyproject.toml and uv.lock
UV = ROOT / ".cache" / "uv" / "bin" / "uv"  # ./dev installs it


@pytest.fixture(scope="module")
def fresh_python(tmp_path_factory) -> Path:
    """A new venv with only what the page states, installed offline."""
    if not UV.exists():
        pytest.fail(f"{UV} is missing: ./dev installs it", pytrace=False)
    venv = tmp_path_factory.mktemp("reader") / "venv"
    env = {
        **os.environ,
        "UV_OFFLINE": "1",
        "UV_PROJECT_ENVIRONMENT": str(venv),
        "UV_PYTHON": getattr(sys, "_base_executable", sys.executable),
    }
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(
        [UV, "sync", "--locked", "-q", "--project", READER],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, (
        f"uv sync {READER} (./dev test fills the cache):\n{done.stderr}"
    )
    python = venv / "bin" / "python"
    stated = {"psutil", "matplotlib"}
    assert stated <= set(_installed(python)), "the stated packages are missing"
    assert "mkdocs" not in _installed(python)  # nothing of the site's own
    return python


LIST_DISTRIBUTIONS = (
    "import importlib.metadata as m\n"
    "print(*{d.name.lower() for d in m.distributions()})"
)


def _installed(python: Path) -> list[str]:
    listing = subprocess.run(
        [python, "-c", LIST_DISTRIBUTIONS], capture_output=True, text=True, check=True
    )
    return listing.stdout.split()


def download(built_site: Path, page: str, names: list[str], into: Path) -> Path:
    into.mkdir()
    for name in names:
        shutil.copyfile(built_site / page / name, into / name)
    return into


def run(python: Path, args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.pop("PTC_MEASUREMENTS", None)
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [str(python), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=540,
    )


@pytest.mark.parametrize(
    ("page", "script", "header"),
    [
        ("benchmarks/costs", "costs.py", "核心数"),
        ("en/benchmarks/scaling", "scaling.en.py", "Cores"),
    ],
)
def test_the_py_download_runs_and_prints_its_tables(
    built_site, fresh_python, tmp_path, page, script, header
):
    folder = download(
        built_site, page, [script, "_measure.py", "measurements.json"], tmp_path / "d"
    )
    done = run(fresh_python, [script], folder)
    assert done.returncode == 0, f"{page}/{script}:\n{done.stderr[-3000:]}"
    assert header in done.stdout, done.stdout[:2000]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]


NOTEBOOK = """
import sys
import nbformat
from nbclient import NotebookClient

nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=600, kernel_name="python3").execute()
outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
errors = [o for o in outputs if o.output_type == "error"]
print(len(outputs), "outputs", len(errors), "errors")
"""


@pytest.mark.parametrize(
    ("page", "notebook", "with_data"),
    [
        ("en/benchmarks/costs", "costs.en.ipynb", True),
        # Without the data file it measures first: the reader's first run.
        ("benchmarks/scaling", "scaling.ipynb", False),
    ],
)
def test_the_ipynb_download_runs_in_jupyter(
    built_site, fresh_python, tmp_path, page, notebook, with_data
):
    names = [notebook, "_measure.py"] + (["measurements.json"] if with_data else [])
    folder = download(built_site, page, names, tmp_path / "d")
    (folder / "run_it.py").write_text(NOTEBOOK, "utf-8")
    done = run(fresh_python, ["run_it.py", notebook], folder)
    assert done.returncode == 0, f"{page}/{notebook}:\n{done.stderr[-3000:]}"
    count, _, errors, _ = done.stdout.split()[-4:]
    assert int(count) >= 5 and errors == "0", done.stdout
