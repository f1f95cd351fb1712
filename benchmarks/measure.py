"""Re-measure everything and rewrite docs/data/measurements.json (`./dev measure`).

The measuring code lives in docs/benchmarks/_measure.py, next to the notebooks
that import it. This script runs it once; both language editions of the site
then read the same file.
"""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "docs" / "data" / "measurements.json"

if __name__ == "__main__":
    # No __pycache__ inside docs/, from us or from spawned children.
    sys.dont_write_bytecode = True
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    sys.path.insert(0, str(ROOT / "docs" / "benchmarks"))
    import _measure

    t0 = time.perf_counter()
    data = _measure.measure_all()
    DATA.parent.mkdir(parents=True, exist_ok=True)
    DATA.write_text(
        json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(
        f"measured in {time.perf_counter() - t0:.1f} s, wrote {DATA.relative_to(ROOT)}"
    )
    for key, fig in data["figures"].items():
        if fig["value"] is None:
            print(f"  {key:34} n/a ({fig['na']['en']})")
        else:
            value, low, high = _measure.fmt_range(fig)
            print(f"  {key:34} {value:>10}  ({low} – {high})")
