#!/usr/bin/env python3
"""Generate a large corpus for benchmarks by replicating real articles.

    scripts/gen-corpus.py SOURCE_DIR OUT_DIR [COUNT]

Copies the articles under SOURCE_DIR (a `content/learn/<folder>/<slug>.md` tree) COUNT times
in all (default 36,000, the size of the real site) into OUT_DIR/content/learn, giving each copy
a distinct slug, id, file_name and url so that the copies are a consistent site: related
articles point at copies made in the same round. Each copy after the first round also asks
its own question: the round's number goes before its title, article_title and question, and
before the titles of the related articles, which are copies of the same round. On the real
site about one article in a hundred shares its question with another (427 of 35,915); a site
where every question is asked seventy times would measure `duplicate-question` on data no
site has.
"""
import os
import re
import sys


# A top-level key, and a key with its value.
TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*):")
KEY_VALUE = re.compile(r"^(\s*)([A-Za-z_][\w-]*):( *)(.*)$")


def number_titles(text, number):
    """Puts `(number) ` before the text of the top-level title, article_title and question, and
    of the title of each related_articleN block, whatever their scalar style."""
    out = []
    top = None
    pending = False  # a block scalar's first line is next
    for line in text.split("\n"):
        if pending and line.strip():
            indent = len(line) - len(line.lstrip())
            line = f"{line[:indent]}({number}) {line[indent:]}"
            pending = False
        else:
            key = TOP_KEY.match(line)
            if key:
                top = key.group(1)
            kv = KEY_VALUE.match(line)
            if kv:
                indent, name, space, value = kv.groups()
                wanted = (not indent and name in ("title", "article_title", "question")) or (
                    indent and name == "title" and (top or "").startswith("related_article")
                )
                if wanted and value:
                    if value[0] in ">|":
                        pending = True
                    else:
                        quote = value[0] if value[0] in "'\"" else ""
                        line = f"{indent}{name}:{space}{quote}({number}) {value[len(quote):]}"
        out.append(line)
    return "\n".join(out)


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
                body = number_titles(body, round_)
            directory = os.path.join(out, "content", "learn", folder)
            os.makedirs(directory, exist_ok=True)
            with open(os.path.join(directory, new_stem + ".md"), "w", encoding="utf-8", newline="") as f:
                f.write(body)
            made += 1
        round_ += 1
    print(f"wrote {made} articles to {out}")


if __name__ == "__main__":
    main()
