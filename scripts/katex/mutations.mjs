// Records what remark finds in mutated copies of the sample answers, so that contentlint's
// Markdown readers are checked against the site's own parser on thousands of texts with
// broken structure (lost line breaks, stray `$`, odd indentation, ...), not only on the sample.
//
//   node mutations.mjs remark.json ../../tests/data/render/articles > remark-mutations.jsonl
//
// The mutations are byte edits driven by a 32-bit LCG that tests/render.rs replays exactly.
// Each output line is `[article, seed, signature]`: the article's index in remark.json, the
// seed of its mutation, and an FNV-1a hash of what remark found (see `signature`).
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import { visit } from "unist-util-visit";

export const PIECES = [
  "$", "$$", "\\", "\\$", "\n", "\n\n", "  ", "   ", "    ", "- ", "1. ", "2) ", "* ", "# ",
  "### ", "\\(", "\\)", "\\[", "\\]", " ", "x", "$$\n", "\n$$", "\n   ", "\n  - ", "`", "|",
  "---", "> ", "<b>", "[a](b)", "~~~", "**", "_", "10. ", "\t", "&#36;", "\\\\",
];
const CASES_PER_ARTICLE = 150;

const next = (state) => (Math.imul(state, 1664525) + 1013904223) >>> 0;

// Byte-level mutation of `bytes` (a Buffer of UTF-8), replayed by tests/render.rs.
export function mutate(bytes, seed) {
  let state = seed >>> 0;
  const below = (n) => {
    state = next(state);
    return (state >>> 8) % n;
  };
  let out = Buffer.from(bytes);
  const boundary = (at, forward) => {
    while (at > 0 && at < out.length && (out[at] & 0xc0) === 0x80) at += forward ? 1 : -1;
    return at;
  };
  const edits = 1 + below(4);
  for (let e = 0; e < edits; e++) {
    const at = boundary(below(out.length + 1), false);
    const kind = below(3);
    const piece = Buffer.from(PIECES[below(PIECES.length)]);
    if (kind === 0) {
      out = Buffer.concat([out.subarray(0, at), piece, out.subarray(at)]);
    } else {
      const end = boundary(Math.min(at + 1 + (kind === 1 ? below(3) : 0), out.length), true);
      out = Buffer.concat([out.subarray(0, at), kind === 1 ? Buffer.alloc(0) : piece, out.subarray(end)]);
    }
  }
  return out;
}

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkMath);
const utf8 = (s, i) => Buffer.byteLength(s.slice(0, i), "utf8");
const punctuation = /[!-\/:-@\[-`{-~]/;

// What remark finds, as one string: math and code spans (kind, byte range, math value) and the
// escaped brackets in text, ordered by where they start.
export function signature(text) {
  const tree = processor.parse(text);
  const parts = [];
  visit(tree, (node) => {
    const start = node.position && node.position.start.offset;
    const end = node.position && node.position.end.offset;
    if (node.type === "inlineMath" || node.type === "math") {
      parts.push([utf8(text, start), `${node.type}:${utf8(text, start)}-${utf8(text, end)}:${node.value}`]);
    } else if (node.type === "inlineCode" || node.type === "code") {
      parts.push([utf8(text, start), `${node.type}:${utf8(text, start)}-${utf8(text, end)}`]);
    } else if (node.type === "text") {
      const source = text.slice(start, end);
      for (let i = 0; i + 1 < source.length; i++) {
        if (source[i] === "\\" && punctuation.test(source[i + 1])) {
          const at = utf8(text, start + i);
          if ("()[]".includes(source[i + 1])) parts.push([at, `escape:${at}${source[i + 1]}`]);
          i++;
        }
      }
    }
  });
  parts.sort((a, b) => a[0] - b[0]);
  return parts.map((p) => p[1]).join("\n");
}

export function fnv1a(string) {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(string, "utf8")) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

if (process.argv[1] && process.argv[1].endsWith("mutations.mjs")) {
  const recorded = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const root = process.argv[3];
  const lines = [JSON.stringify({ cases_per_article: CASES_PER_ARTICLE, pieces: PIECES })];
  recorded.articles.forEach((article, index) => {
    const text = fs.readFileSync(path.join(root, article.file), "utf8");
    const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
    const shown = Buffer.from(YAML.parse(m[1]).answer.replace(/\\n/g, "\n"), "utf8");
    for (let c = 0; c < CASES_PER_ARTICLE; c++) {
      const seed = (index * 7919 + c * 104729 + 1) >>> 0;
      const mutated = mutate(shown, seed).toString("utf8");
      lines.push(JSON.stringify([index, seed, fnv1a(signature(mutated))]));
    }
  });
  process.stdout.write(lines.join("\n") + "\n");
}
