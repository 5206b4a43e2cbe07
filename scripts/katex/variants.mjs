// Records real KaTeX's verdict on variants of the math spans in verdicts.json: each span
// with one of the mistakes seen on real sites (a lost brace, mhchem, a double subscript,
// `%` in \text, `\n` turned into a line break, environments KaTeX lacks, ...), so that the
// Rust parser is checked against KaTeX on failures too, not only on valid formulas.
//
//   node variants.mjs remark.json > katex-variants.jsonl
//
// Each output line is `[tex, display, ok]`; KaTeX's version is on the first line.
import fs from "node:fs";
import katex from "katex";

// KaTeX warns on the console about LaTeX-incompatible input it renders anyway (strict: "warn").
console.warn = () => {};
// \message and \errmessage print with console.log.
console.log = () => {};

const input = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
let seed = 7;
const random = (n) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};

const mistakes = [
  (t) => t.replace("}", ""),
  (t) => t.replace("{", ""),
  (t) => t + "}",
  (t) => "{" + t,
  (t) => t + " \\ce{H2O}",
  (t) => t + " x_1_2",
  (t) => t + " x^a^b",
  (t) => t + " \\text{95% CI}",
  (t) => t.replace(/\\n/g, "\n"),
  (t) => t.replace(/\\t/g, "\t"),
  (t) => "\\begin{align} " + t + " \\end{align}",
  (t) => "\\begin{eqnarray} " + t + " \\end{eqnarray}",
  (t) => "\\begin{aligned} " + t + " \\end{aligned}",
  (t) => "\\begin{cases} " + t + " \\end{cases}",
  (t) => "\\begin{matrix} " + t + " \\end{pmatrix}",
  (t) => t + " & y",
  (t) => t + " \\\\ y",
  (t) => "\\left( " + t,
  (t) => t + " \\right)",
  (t) => "\\left( " + t + " \\right.",
  (t) => t + " \\frac{a}",
  (t) => t + " \\sqrt",
  (t) => t + " \\mathbb{R}^n",
  (t) => t + " \\degree",
  (t) => t + " \\unit{m}",
  (t) => t + " \\si{\\meter}",
  (t) => t + " \\newcommand{\\R}{\\mathbb{R}} \\R",
  (t) => t + " \\newcommand{\\Rr}{\\mathbb{R}} \\Rr",
  (t) => t + " \\renewcommand{\\R}{\\mathbb{R}} \\R",
  (t) => t + " \\gdef\\Rr#1{#1^2} \\Rr{x}",
  (t) => t + " \\def\\x{y} \\x",
  (t) => t + " \\operatorname{sgn} x",
  (t) => t + " \\label{eq1}",
  (t) => t + " \\tag{1}",
  (t) => t + " \\href{http://x}{y}",
  (t) => t + " \\color{red}{x}",
  (t) => t + " \\textcolor{red}{x}",
  (t) => t + " \\boxed{x}",
  (t) => t + " \\overset{a}{b}",
  (t) => t + " \\xrightarrow{k}",
  (t) => t + " \\cancel{x}",
  (t) => t + " é ü 中",
  (t) => t + " \\text{é ü 中}",
  (t) => t + " $",
  (t) => t + " #",
  (t) => t + " ~x",
  (t) => t + " \\$5",
  (t) => t + " 100\\%",
  (t) => t + " 100%",
  (t) => t.replace(/\\/g, ""),
  (t) => t.replace(/\\/, "\\\\"),
  (t) => t.slice(0, Math.max(1, t.length >> 1)),
  (t) => t.slice(t.length >> 1),
];

const cases = [];
const seen = new Set();
const add = (tex, display) => {
  const key = (display ? "D" : "I") + tex;
  if (seen.has(key)) return;
  seen.add(key);
  let ok = true;
  try {
    katex.renderToString(tex, { displayMode: display, throwOnError: true });
  } catch {
    ok = false;
  }
  cases.push([tex, display ? 1 : 0, ok ? 1 : 0]);
};

for (const article of input.articles) {
  for (const span of article.spans) {
    if (span.kind !== "math" && span.kind !== "inlineMath") continue;
    const display = span.kind === "math";
    for (let i = 0; i < 3; i++) add(mistakes[random(mistakes.length)](span.value), display);
  }
}
// Every control sequence KaTeX's source names, alone and with arguments, in each mode.
const source = fs.readFileSync(new URL("node_modules/katex/dist/katex.mjs", import.meta.url), "utf8");
const names = [...new Set(source.match(/"\\\\[a-zA-Z]+\*?"/g))].map((n) => JSON.parse(n)).sort();
for (const name of names) {
  for (const display of [false, true]) {
    add(name, display);
    add(name + "{x}", display);
    add(name + "{x}{y}", display);
    add("a " + name + " b", display);
    add("\\text{" + name + "}", display);
  }
  add("\\begin{" + name.slice(1) + "} x \\end{" + name.slice(1) + "}", true);
}
for (const mistake of mistakes) add(mistake("x + y = z"), false), add(mistake("\\frac{a}{b}"), true);
process.stdout.write(JSON.stringify({ katex: katex.version }) + "\n" + cases.map((c) => JSON.stringify(c)).join("\n") + "\n");
