#!/usr/bin/env python3
"""Generate a large corpus for benchmarks by replicating real articles.

    scripts/gen-corpus.py SOURCE_DIR OUT_DIR [COUNT]

Copies the articles under SOURCE_DIR (a `content/learn/<folder>/<slug>.md` tree) COUNT times
in all (default 36,000, the size of the real site) into OUT_DIR/content/learn, giving each copy
a distinct slug, id, file_name and url so that the copies are a consistent site: related
articles point at copies made in the same round.
"""
import os
import re
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    source, out = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 36000
    articles = []
    for folder, _, files in sorted(os.walk(source)):
        for name in sorted(files):
            if name.endswith(".md"):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    articles.append((os.path.basename(folder), name[:-3], f.read()))
    if not articles:
        sys.exit(f"no articles under {source}")
    made = 0
    round_ = 0
    while made < count:
        for folder, stem, text in articles:
            if made >= count:
                break
            new_stem = stem if round_ == 0 else f"{stem}-{round_}"
            shift = round_ * 1_000_000

            def new_id(m):
                value = int(m.group(2))
                return f"{m.group(1)}{value + shift if value >= 0 else value - shift}"

            body = re.sub(r"^( *id: )(-?\d+)$", new_id, text, flags=re.M)
            if round_:
                body = re.sub(
                    r"(/questions/[a-z0-9-]+)$", rf"\1-{round_}", body, flags=re.M
                )
                body = re.sub(
                    r"^(file_name: [a-z0-9-]+)\.md$", rf"\1-{round_}.md", body, flags=re.M
                )
            directory = os.path.join(out, "content", "learn", folder)
            os.makedirs(directory, exist_ok=True)
            with open(os.path.join(directory, new_stem + ".md"), "w", encoding="utf-8", newline="") as f:
                f.write(body)
            made += 1
        round_ += 1
    print(f"wrote {made} articles to {out}")


if __name__ == "__main__":
    main()
