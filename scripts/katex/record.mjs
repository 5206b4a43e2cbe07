// Records what the site's renderer makes of every `answer` in a folder of articles:
// the math spans remark-math finds (react-markdown + remark-gfm + remark-math) and
// real KaTeX's verdict on each (rehype-katex renders with throwOnError, so a ParseError
// means readers see red source text).
//
//   npm install && node record.mjs <content-folder> > verdicts.json
//
// Offsets are UTF-8 byte offsets into the rendered answer, that is the YAML value with
// every two-character `\n` replaced by a newline, as the site does.
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import katex from "katex";

// KaTeX warns on the console about LaTeX-incompatible input it renders anyway (strict: "warn").
console.warn = () => {};
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkMath from "remark-math";
import { visit } from "unist-util-visit";

const root = process.argv[2];
if (!root) {
  console.error("usage: node record.mjs <content-folder>");
  process.exit(2);
}

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.name.endsWith(".md")) yield full;
  }
}

const bytes = (s, utf16) => Buffer.byteLength(s.slice(0, utf16), "utf8");
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkMath);

const articles = [];
for (const file of walk(root)) {
  const text = fs.readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  const m = /^---\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)\s*(?:\r?\n|$)/.exec(text);
  if (!m) continue;
  let answer;
  try {
    answer = YAML.parse(m[1])?.answer;
  } catch {
    continue;
  }
  if (typeof answer !== "string") continue;
  const shown = answer.replace(/\\n/g, "\n");
  const tree = processor.parse(shown);
  const spans = [];
  visit(tree, (node) => {
    if (node.type !== "inlineMath" && node.type !== "math" && node.type !== "inlineCode" && node.type !== "code") return;
    const start = bytes(shown, node.position.start.offset);
    const end = bytes(shown, node.position.end.offset);
    const span = { kind: node.type, start, end, value: node.value };
    if (node.type === "inlineMath" || node.type === "math") {
      try {
        katex.renderToString(node.value, { displayMode: node.type === "math", throwOnError: true });
        span.ok = true;
      } catch (error) {
        span.ok = false;
        span.error = String(error.message);
        if (error.position !== undefined) {
          span.position = bytes(node.value, error.position);
          span.length = error.length;
        }
      }
    }
    spans.push(span);
  });
  if (spans.length) articles.push({ file: path.relative(root, file), spans });
}
process.stdout.write(JSON.stringify({ katex: katex.version, articles }, null, 1) + "\n");
