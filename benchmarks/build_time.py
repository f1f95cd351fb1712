"""How long the site takes to build, against a bare Material site in the same run.

Prints: the clean build (as in a fresh clone: no site/, no bundled runner,
no executed notebooks), a rebuild, and a
one-page mkdocs-material build as the baseline, each the median of N runs.
Goal: a clean build in 20 s or less on a 2-core machine.

    .venv/bin/python benchmarks/build_time.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from ptc import ROOT, site


def timed_build(config: Path, built: Path, *, clean: bool) -> float:
    if clean:
        shutil.rmtree(built, ignore_errors=True)
        shutil.rmtree(site.BUILT_WEB, ignore_errors=True)
        # As in a fresh clone: the notebooks are executed again.
        shutil.rmtree(ROOT / ".cache" / "notebooks", ignore_errors=True)
    started = time.perf_counter()
    site.build(built, config=config)
    return time.perf_counter() - started


def baseline_project(where: Path) -> Path:
    (where / "docs").mkdir(parents=True)
    (where / "docs" / "index.md").write_text("# Baseline\n\nOne page.\n", "utf-8")
    config = where / "mkdocs.yml"
    config.write_text(
        "site_name: baseline\ntheme:\n  name: material\n  font: false\n", "utf-8"
    )
    return config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        built = tmp_path / "site"
        base_config = baseline_project(tmp_path / "baseline")
        clean = [
            timed_build(ROOT / "mkdocs.yml", built, clean=True) for _ in range(runs)
        ]
        warm = [
            timed_build(ROOT / "mkdocs.yml", built, clean=False) for _ in range(runs)
        ]
        base = [
            timed_build(base_config, tmp_path / "base-site", clean=True)
            for _ in range(runs)
        ]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"# {platform.python_implementation()} {platform.python_version()}, "
        f"{os.cpu_count()} cores, load {load:.2f}, median of {runs}"
    )
    print(f"clean build            {statistics.median(clean):6.2f} s   (goal <= 20 s)")
    print(f"rebuild                {statistics.median(warm):6.2f} s")
    print(f"bare Material, 1 page  {statistics.median(base):6.2f} s")
    ratio = statistics.median(clean) / statistics.median(base)
    print(f"clean / bare           {ratio:6.2f} x")


if __name__ == "__main__":
    main()
