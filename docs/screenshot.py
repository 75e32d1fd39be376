"""Make ``docs/report.png`` and ``docs/history.png``, the README's pictures of the report, from
fresh runs on the sample.

    .venv/bin/python docs/screenshot.py [--width 1200] [--height 1050]

Runs ``reliability run`` three times into ``build/screenshot/``, on three days' inputs made from
``data/sample`` (``benchmarks/days.py``: each day adds articles), so the report has a history.
Then renders, with headless Chromium (Debian's ``chromium`` package: ``apt-get install
chromium``), the last run's ``index.html`` (``report.png``) and the top of one source page with
its history (``history.png``). The pages have no script, so what Chromium draws is what a reader
sees.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent

from benchmarks.days import sample_days  # noqa: E402 - after the project is importable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=1500)
    parser.add_argument("--source", default="trendpulse-daily",
                        help="the source page of history.png (its slug)")
    args = parser.parse_args(argv)
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        sys.exit("screenshot: no chromium on PATH (apt-get install chromium)")
    work = ROOT / "build" / "screenshot"
    shutil.rmtree(work, ignore_errors=True)
    for day in sample_days(work / "inputs"):
        subprocess.run([str(BIN / "reliability"), "run", str(day), "--out", str(work / "reports"),
                        "--workers", "1"], check=True, cwd=ROOT)
    latest = work / "reports" / "latest"
    args.docs.mkdir(parents=True, exist_ok=True)
    for page, name, height in ((latest / "index.html", "report.png", args.height),
                               (latest / "sources" / f"{args.source}.html", "history.png", 900)):
        out = (args.docs / name).resolve()
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                        "--hide-scrollbars", f"--window-size={args.width},{height}",
                        f"--screenshot={out}", page.resolve().as_uri()],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
