// The HTML of the dependency-graph view: the Mermaid source of `planlint graph`, escaped,
// in a page that runs no scripts. Pure, so the escaping is unit-tested.

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text made safe to place in HTML element content or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/** The whole webview page; `cspSource` is the webview's own origin for styles. */
export function graphHtml(planName: string, mermaid: string, cspSource: string): string {
  const csp = `default-src 'none'; style-src ${cspSource} 'unsafe-inline';`;
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="UTF-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    `<title>${escapeHtml(planName)}: dependency graph</title>`,
    "<style>pre { white-space: pre; font-family: var(--vscode-editor-font-family); }</style>",
    "</head>",
    "<body>",
    `<h2>${escapeHtml(planName)}</h2>`,
    "<p>Mermaid source from <code>planlint graph --format mermaid</code>. ",
    "Paste it into any Mermaid renderer, or run the command again after editing ",
    "the plan to refresh this view.</p>",
    `<pre><code class="language-mermaid">${escapeHtml(mermaid)}</code></pre>`,
    "</body>",
    "</html>",
  ].join("\n");
}
