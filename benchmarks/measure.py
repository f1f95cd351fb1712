"""Re-measure everything and rewrite docs/data/measurements.json (`./dev measure`).

The measuring code is ptc.measure (src/ptc/measure.py), which the notebooks
import as _measure. This script runs it once; both language editions of the
site then read the same file.
"""

import json
import time

from ptc import ROOT
from ptc import measure as _measure
from ptc.pages import FIGURES as DATA

if __name__ == "__main__":
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
