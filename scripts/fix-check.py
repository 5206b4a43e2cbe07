#!/usr/bin/env python3
"""Check that fixing a site never makes it worse, as tests/fixing.rs does on generated sites.

    scripts/fix-check.py SITE_DIR [--unsafe-fixes]

Copies SITE_DIR to a temporary folder, checks it, fixes it (with --unsafe-fixes if given),
checks it again, and reports: the diagnostics the fix run reported against a fresh check's,
any (file, rule) that gained diagnostics, and whether a second fix run fixes anything more.
Uses target/release/contentlint.
"""
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile

BINARY = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "target", "release", "contentlint")


def run(cwd, *args):
    out = subprocess.run([BINARY, "check", ".", "--no-cache", "--format", "json", *args], cwd=cwd, capture_output=True, text=True)
    return json.loads(out.stdout)


def counts(report):
    c = collections.Counter()
    for d in report["diagnostics"]:
        c[(d["path"], d["rule"])] += 1
    return c


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    extra = sys.argv[2:]
    with tempfile.TemporaryDirectory() as tmp:
        site = os.path.join(tmp, "site")
        shutil.copytree(sys.argv[1], site)
        for folder, _, files in os.walk(site):
            for name in files:
                os.chmod(os.path.join(folder, name), 0o644)
        before = counts(run(site))
        fixed = run(site, "--fix", *extra)
        after = counts(run(site))
        again = run(site, "--fix", *extra)
        gained = {k: v - before.get(k, 0) for k, v in after.items() if v > before.get(k, 0)}
        print(f"fixed {fixed['summary']['fixed']} problems (+{fixed['summary']['fixed_uncovered']} uncovered); {sum(before.values())} diagnostics before, {sum(after.values())} after")
        print(f"fix run's report equals a fresh check: {counts(fixed) == after}")
        print(f"(file, rule) pairs that gained diagnostics: {len(gained)}")
        for key, n in sorted(gained.items())[:20]:
            print(f"  {key[0]}: {key[1]} +{n}")
        print(f"second fix run fixed: {again['summary']['fixed'] + again['summary']['fixed_uncovered']}")
        if gained or counts(fixed) != after or again["summary"]["fixed"] or again["summary"]["fixed_uncovered"]:
            sys.exit(1)


if __name__ == "__main__":
    main()
