// An independent reading of plan lines (FORMAT.md sections 1 to 6), used as the oracle
// that the TextMate grammar's scopes are checked against.

export type LineKind =
  "stage" | "task" | "field" | "include" | "comment" | "fence" | "fenced" | "blank" | "text";

export interface Attribute {
  readonly key: string;
  readonly keyStart: number;
  readonly value: string;
  readonly valueStart: number;
}

const BOM = "\uFEFF";

/** The kind of every line; lines inside a fenced block are "fenced", never markers. */
export function classifyLines(lines: readonly string[]): LineKind[] {
  let fence: string | undefined;
  return lines.map((raw, index) => {
    const text = index === 0 && raw.startsWith(BOM) ? raw.slice(1) : raw;
    const opener = /^ {0,3}(```|~~~)/.exec(text)?.[1];
    if (fence !== undefined) {
      const closes = new RegExp(`^ {0,3}${fence}`).test(text);
      fence = closes ? undefined : fence;
      return closes ? "fence" : "fenced";
    }
    if (opener !== undefined) {
      fence = opener;
      return "fence";
    }
    return classifyLine(text);
  });
}

function classifyLine(text: string): LineKind {
  if (text.startsWith("## STAGE ##")) {
    return "stage";
  }
  if (/^## TASK(?: ##:?|##:?|:)/.test(text)) {
    return "task";
  }
  if (/^(?:文件|排除|验证|执行)[ \t]*[:：]/.test(text)) {
    return "field";
  }
  if (/^@\S/.test(text)) {
    return "include";
  }
  if (text.startsWith("#")) {
    return "comment";
  }
  return text.trim() === "" ? "blank" : "text";
}

/** The leading well-formed `key="value"` attributes after a marker, with their columns. */
export function markerAttributes(line: string, markerEnd: number): Attribute[] {
  const attribute = /[ \t]+([A-Za-z_][A-Za-z0-9_.-]*)="([^"]*)"/y;
  const found: Attribute[] = [];
  attribute.lastIndex = markerEnd;
  for (let match = attribute.exec(line); match !== null; match = attribute.exec(line)) {
    const keyStart = match.index + match[0].indexOf(match[1]);
    found.push({
      key: match[1],
      keyStart,
      value: match[2],
      valueStart: keyStart + match[1].length + 2,
    });
  }
  return found;
}

/** The items of a `depends_on` value with their offsets inside the value. */
export function dependencyItems(value: string): { item: string; start: number }[] {
  return Array.from(value.matchAll(/[^,\s]+/g), (match) => ({
    item: match[0],
    start: match.index ?? 0,
  }));
}

/** The key of a field line and where its value starts. */
export function fieldParts(line: string): { key: string; valueStart: number } {
  const match = /^(文件|排除|验证|执行)[ \t]*[:：][ \t]*/.exec(line);
  if (match === null) {
    throw new Error(`not a field line: ${line}`);
  }
  return { key: match[1], valueStart: match[0].length };
}
