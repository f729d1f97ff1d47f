"""What a chart library costs the dashboard: import time, first paint, resident memory.

Run `QT_QPA_PLATFORM=offscreen python -m tests.ui.dashboard.chart_cost [runs]`. Each
sample is a fresh process that first shows a bare window (the baseline) and imports the
dashboard package (which loads no chart library), then imports the library and paints a
12-week stacked chart with an hours line on a second axis: those last steps are measured.
pyqtgraph is measured only if installed (it is not a dependency of Tallyhour).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

_COMMON = """
import json, sys, time
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
start = time.perf_counter()
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget
qt_app = QApplication([])
window = QWidget(); QVBoxLayout(window).addWidget(QLabel("Tallyhour")); window.resize(1000, 420)
window.show(); qt_app.processEvents(); window.grab()
baseline = time.perf_counter() - start
import app.ui.dashboard  # the dashboard itself (services, SQLAlchemy) is not the chart's cost
memory = rss()
take = [1757.3, 1390.8, 1519.2, 1790.0, 1920.4, 1678.1, 1031.5, 1870.2, 1850.6, 1890.3, 1712.9, 594.3]
fee = [v * 0.11 for v in take]; tax = [v * 0.33 for v in take]
hours = [37.4, 37.7, 35.2, 35.0, 36.1, 36.3, 34.2, 35.5, 37.3, 35.2, 38.7, 22.6]
weeks = [f"W{n}" for n in range(1, 13)]
start = time.perf_counter()
"""

_QT_GRAPHS = """
from app.ui.dashboard.chart import EarningsChart
from app.ui.dashboard.chart_data import Axis, ChartData
imported = time.perf_counter() - start
chart = EarningsChart()
chart.show_data(ChartData("USD", weeks, take, fee, tax, hours, Axis(0, 3000, 1000),
                          Axis(0, 60, 20), [""] * 12))
"""

_PYQTGRAPH = """
import pyqtgraph as pg
imported = time.perf_counter() - start
chart = pg.PlotWidget(background="w")
x = list(range(12))
bottoms = [0.0] * 12
for values, color in ((take, "#2da44e"), (fee, "#d4862b"), (tax, "#8c959f")):
    chart.addItem(pg.BarGraphItem(x=x, y0=bottoms, height=values, width=0.62, brush=color, pen=None))
    bottoms = [b + v for b, v in zip(bottoms, values)]
chart.getAxis("bottom").setTicks([list(enumerate(weeks))])
plot = chart.getPlotItem(); plot.showAxis("right")
box = pg.ViewBox(); plot.scene().addItem(box); plot.getAxis("right").linkToView(box)
box.setXLink(plot); box.addItem(pg.PlotCurveItem(x, hours, pen=pg.mkPen("#0969da", width=2)))
plot.vb.sigResized.connect(lambda: box.setGeometry(plot.vb.sceneBoundingRect()))
"""

_FINISH = """
window.layout().addWidget(chart, 1)
qt_app.processEvents(); window.grab()
shown = time.perf_counter() - start
print(json.dumps({"baseline_ms": baseline * 1000, "import_ms": imported * 1000,
                  "first_paint_ms": shown * 1000, "extra_mb": rss() - memory}))
"""

LIBRARIES = {"Qt Graphs": _QT_GRAPHS, "pyqtgraph": _PYQTGRAPH}


def sample(code: str) -> dict[str, float]:
    """One fresh process's numbers."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", _COMMON + code + _FINISH],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def installed(name: str) -> bool:
    """Whether a library can be imported here."""
    module = "pyqtgraph" if name == "pyqtgraph" else "PySide6.QtGraphs"
    probe = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True)
    return probe.returncode == 0


def main(argv: list[str]) -> int:
    """Print the median of each measure per library (one warm-up run is dropped)."""
    runs = int(argv[0]) if argv else 7
    names = [name for name in LIBRARIES if installed(name)]
    samples: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    for name in names:
        sample(LIBRARIES[name])  # warm the disk cache
    for _ in range(runs):
        for name in names:  # interleaved, so drift hits both alike
            samples[name].append(sample(LIBRARIES[name]))
    print(f"median of {runs} runs, offscreen")
    print(
        f"{'library':<10} {'bare window':>12} {'import':>9} {'first paint':>12}"
        f" {'× window':>9} {'extra RSS':>10}"
    )
    for name in names:
        median = {key: statistics.median(s[key] for s in samples[name]) for key in samples[name][0]}
        ratio = median["first_paint_ms"] / median["baseline_ms"]
        print(
            f"{name:<10} {median['baseline_ms']:>9.0f} ms {median['import_ms']:>6.0f} ms"
            f" {median['first_paint_ms']:>9.0f} ms"
            f" {ratio:>8.1f}× {median['extra_mb']:>7.1f} MB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
