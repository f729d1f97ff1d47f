"""`make bench`: measure Tallyhour's speed against its budget.

Every figure is the median of several runs; baselines are measured in the same run.
Writes bench/results.json and prints a table.
"""

from __future__ import annotations

import compileall
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import figures
from bench.measure import Figure, machine

RESULTS = Path(__file__).resolve().parent / "results.json"
README = Path(__file__).resolve().parents[1] / "README.md"


def main(argv: list[str]) -> int:
    """Run every figure (or those named on the command line, keeping the others' last values)."""
    wanted = set(argv)
    compile_bytecode()
    results: list[Figure] = []
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        for measure in figures.ALL:
            if wanted and not any(name in measure.__name__ for name in wanted):
                continue
            print(f"measuring {measure.__name__.removeprefix('measure_')} ...", flush=True)
            results.extend(measure(scratch))
    _print_table(results)
    document = {"machine": machine(), "results": _merged(results, keep_others=bool(wanted))}
    RESULTS.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")
    _update_readme(document)
    return 0


def compile_bytecode() -> None:
    """Compile the app's modules, as installing it does, so processes start as users' do.

    With PYTHONDONTWRITEBYTECODE set (as on some machines) a checkout never caches its
    bytecode and every process would compile the whole app from source before it starts.
    """
    root = Path(__file__).resolve().parents[1]
    for package in ("app", "bench"):
        compileall.compile_dir(root / package, quiet=1, workers=0)


def _merged(results: list[Figure], *, keep_others: bool) -> list[dict[str, Any]]:
    """The new figures, in place of the same figures of the last run when only some ran."""
    new = [figure.as_json() for figure in results]
    if not keep_others or not RESULTS.exists():
        return new
    fresh = {figure["name"]: figure for figure in new}
    old = json.loads(RESULTS.read_text(encoding="utf-8"))["results"]
    merged = [fresh.pop(figure["name"], figure) for figure in old]
    return merged + list(fresh.values())


def _update_readme(document: dict[str, Any]) -> None:
    """Put the figures between the README's bench-table markers."""
    start, end = "<!-- bench-table -->", "<!-- /bench-table -->"
    text = README.read_text(encoding="utf-8")
    if start not in text:
        return
    lines = [
        start,
        "",
        f"Machine: {document['machine']}",
        "",
        "| figure | value | baseline | ratio | target | met |",
        "|---|---:|---:|---:|---|---|",
    ]
    for f in document["results"]:
        baseline = "" if f["baseline"] is None else f"{f['baseline']:.4g}"
        ratio = "" if f["ratio"] is None else f"{f['ratio']:.2f}"
        met = {None: "", True: "yes", False: "**no**"}[f["met"]]
        lines.append(
            f"| `{f['name']}` | {f['value']:.4g} {f['unit']} | {baseline} | {ratio} |"
            f" {f['target'] or ''} | {met} |"
        )
    lines += ["", end]
    before = text.split(start, 1)[0]
    after = text.split(end, 1)[1] if end in text else text.split(start, 1)[1]
    README.write_text(before + "\n".join(lines) + after, encoding="utf-8")


def _print_table(results: list[Figure]) -> None:
    """Print the figures as an aligned table."""
    print(
        f"\n{'figure':28} {'value':>10} {'unit':4} {'baseline':>10} {'ratio':>7}  target        met"
    )
    for f in results:
        baseline = "" if f.baseline is None else f"{f.baseline:.4g}"
        ratio = "" if f.ratio is None else f"{f.ratio:.2f}"
        met = "" if f.met is None else ("yes" if f.met else "NO")
        print(
            f"{f.name:28} {f.value:>10.4g} {f.unit:4} {baseline:>10} {ratio:>7}  {f.target or '':13} {met}"
        )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
