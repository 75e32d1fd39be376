"""Make ``docs/report.png``, the README's picture of the report, from a fresh run on the sample.

    .venv/bin/python docs/screenshot.py [--out docs/report.png] [--width 1200] [--height 1050]

Runs ``reliability run data/sample`` into ``build/screenshot/`` and renders its ``index.html``
with headless Chromium (Debian's ``chromium`` package: ``apt-get install chromium``). The page
has no script, so what Chromium draws is what a reader sees.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report.png")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=1050)
    args = parser.parse_args(argv)
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        sys.exit("screenshot: no chromium on PATH (apt-get install chromium)")
    reports = ROOT / "build" / "screenshot"
    subprocess.run([str(BIN / "reliability"), "run", str(ROOT / "data" / "sample"), "--out",
                    str(reports), "--workers", "1"], check=True, cwd=ROOT)
    page = (reports / "latest" / "index.html").resolve()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--window-size={args.width},{args.height}",
                    f"--screenshot={args.out.resolve()}", page.as_uri()],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
