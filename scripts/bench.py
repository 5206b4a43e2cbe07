#!/usr/bin/env python3
"""Time the release binary on a generated site, as whole processes.

    scripts/bench.py SOURCE_DIR [COUNT] [RUNS] [--site DIR]

Builds `target/release/contentlint`, generates COUNT articles (default 36,000, the size of the
real site) from the `content/learn/<folder>/<slug>.md` tree under SOURCE_DIR with
scripts/gen-corpus.py (or uses an existing generated site with --site), then runs each case
RUNS times (default 5) and prints the median wall time, CPU time (user + system) and peak
memory (maximum resident set size) of each:

- cold: the whole site with an empty cache (JSON to a file);
- cold, no cache: the same with --no-cache;
- cold, --select mojibake: one cheap rule;
- warm: the whole site again, nothing changed;
- one changed file: one article edited, then checked against the whole site (what a
  pre-commit hook does);
- pre-commit batches: every file of the site, in batches of 1,200 (as pre-commit splits a
  long file list), each a run of its own, after a cold cache: the total.

Peak memory needs /usr/bin/time (GNU time).
"""
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BINARY = os.path.join(ROOT, "target", "release", "contentlint")


def measure(cmd, cwd):
    """Wall seconds, CPU seconds and peak KiB of one run."""
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%e %U %S %M"] + cmd,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wall, user, system, peak = out.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(peak)


def report(name, samples):
    wall = statistics.median(s[0] for s in samples)
    cpu = statistics.median(s[1] for s in samples)
    peak = statistics.median(s[2] for s in samples) / 1024
    print(f"  {name:34} wall {wall:7.3f} s   cpu {cpu:7.3f} s   peak {peak:7.1f} MiB")


def files_of(site):
    found = []
    for folder, _, names in os.walk(os.path.join(site, "content")):
        found.extend(os.path.join(folder, n) for n in names if n.endswith(".md"))
    return sorted(os.path.relpath(p, site) for p in found)


def run(site, runs):
    files = files_of(site)
    cache = os.path.join(site, ".contentlint_cache")
    out = os.path.join(tempfile.gettempdir(), "contentlint-bench.json")
    whole = [BINARY, "check", ".", "--format", "json", "--output-file", out]

    def clear():
        subprocess.run(["rm", "-rf", cache], check=True)

    print(f"{len(files)} articles, {os.cpu_count()} cores, median of {runs} runs")
    samples = []
    # Each cold run gets a new, empty cache folder, removed only after the last one: removing
    # a cache just before a run would time the file system's clean-up too.
    with tempfile.TemporaryDirectory() as caches:
        for i in range(runs):
            fresh = os.path.join(caches, str(i))
            samples.append(measure(whole + ["--cache-dir", fresh], site))
    report("cold (empty cache)", samples)
    report("cold, --no-cache", [measure(whole + ["--no-cache"], site) for _ in range(runs)])
    report(
        "cold, --no-cache --select mojibake",
        [measure(whole + ["--no-cache", "--select", "mojibake"], site) for _ in range(runs)],
    )
    clear()
    measure(whole, site)
    report("warm, nothing changed", [measure(whole, site) for _ in range(runs)])
    one = files[len(files) // 2]
    path = os.path.join(site, one)
    with open(path, encoding="utf-8") as f:
        original = f.read()
    samples = []
    try:
        for i in range(runs):
            with open(path, "w", encoding="utf-8") as f:
                f.write(original.replace("score: ", f"score: {i}", 1))
            samples.append(measure([BINARY, "check", one, "--format", "json"], site))
    finally:
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)
    report("one changed file, warm cache", samples)
    clear()
    batches = [files[i : i + 1200] for i in range(0, len(files), 1200)]
    total = [0.0, 0.0, 0]
    for batch in batches:
        wall, cpu, peak = measure([BINARY, "check", "--format", "json"] + batch, site)
        total = [total[0] + wall, total[1] + cpu, max(total[2], peak)]
    print(
        f"  {'pre-commit, ' + str(len(batches)) + ' batches (total)':34} wall {total[0]:7.3f} s"
        f"   cpu {total[1]:7.3f} s   peak {total[2] / 1024:7.1f} MiB"
    )


def main():
    args = sys.argv[1:]
    site = None
    if "--site" in args:
        at = args.index("--site")
        site = os.path.abspath(args[at + 1])
        del args[at : at + 2]
    if not args and not site:
        sys.exit(__doc__)
    count = int(args[1]) if len(args) > 1 else 36000
    runs = int(args[2]) if len(args) > 2 else 5
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    if site:
        run(site, runs)
        return
    source = os.path.abspath(args[0])
    with tempfile.TemporaryDirectory() as site:
        subprocess.run(
            [sys.executable, os.path.join(HERE, "gen-corpus.py"), source, site, str(count)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        run(site, runs)


if __name__ == "__main__":
    main()
