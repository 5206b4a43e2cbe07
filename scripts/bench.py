#!/usr/bin/env python3
"""Time the release binary on a generated site, as whole processes.

    scripts/bench.py SOURCE_DIR [COUNT] [RUNS]

Builds `target/release/contentlint`, generates COUNT articles (default 36,000, the size of the
real site) from the `content/learn/<folder>/<slug>.md` tree under SOURCE_DIR with
scripts/gen-corpus.py, then times RUNS runs (default 5) of:

- `check` of one file against the whole site (what a pre-commit hook does);
- `check` of the whole site, JSON output to /dev/null (a CI gate or an audit);

and prints the minimum and median wall time of each.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def timed(cmd, cwd, runs):
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    source = os.path.abspath(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 36000
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    binary = os.path.join(ROOT, "target", "release", "contentlint")
    with tempfile.TemporaryDirectory() as site:
        subprocess.run(
            [sys.executable, os.path.join(HERE, "gen-corpus.py"), source, site, str(count)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        learn = os.path.join(site, "content", "learn")
        folder = sorted(os.listdir(learn))[0]
        one = os.path.join("content", "learn", folder, sorted(os.listdir(os.path.join(learn, folder)))[0])
        cases = [
            ("one file, whole site as root", [binary, "check", one, "--format", "json"]),
            ("whole site", [binary, "check", ".", "--format", "json"]),
        ]
        print(f"{count} articles, {runs} runs each (wall seconds)")
        for name, cmd in cases:
            low, median = timed(cmd, site, runs)
            print(f"  {name:32} min {low:6.3f}  median {median:6.3f}")


if __name__ == "__main__":
    main()
