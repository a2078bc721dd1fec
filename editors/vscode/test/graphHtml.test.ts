// The graph webview's HTML: the Mermaid source survives, markup in it never runs.

import * as assert from "node:assert/strict";
import { describe, it } from "node:test";

import { escapeHtml, graphHtml } from "../src/graphHtml";

const MERMAID = "graph TD\n  a[\"备份 <prod> & 'verify'\"] --> b\n";

function unescape(text: string): string {
  const entities: Record<string, string> = {
    "&lt;": "<",
    "&gt;": ">",
    "&quot;": '"',
    "&#39;": "'",
    "&amp;": "&",
  };
  return text.replace(/&(?:lt|gt|quot|#39|amp);/g, (entity) => entities[entity]);
}

describe("escapeHtml", () => {
  it("escapes the five HTML-significant characters and nothing else", () => {
    assert.equal(
      escapeHtml(`<a href="x">'&'</a> 图`),
      "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt; 图",
    );
  });
});

describe("graphHtml", () => {
  it("shows the Mermaid source exactly, inside a code block", () => {
    const html = graphHtml("seed.plan.md", MERMAID, "vscode-resource:");
    const code = /<code class="language-mermaid">([\s\S]*?)<\/code>/.exec(html);
    assert.ok(code !== null);
    assert.equal(unescape(code[1]), MERMAID);
  });

  it("cannot be made to run script by the plan name or the graph", () => {
    const evil = "</code><script>alert(1)</script>";
    const html = graphHtml(`${evil}.plan`, evil, "vscode-resource:");
    assert.doesNotMatch(html, /<script/i);
  });

  it("allows no scripts in its content security policy", () => {
    const html = graphHtml("p", "graph TD", "https://file+.vscode-resource.example");
    const csp = unescape(/Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? "");
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /style-src https:\/\/file\+\.vscode-resource\.example/);
    assert.doesNotMatch(csp, /script-src/);
  });
});
