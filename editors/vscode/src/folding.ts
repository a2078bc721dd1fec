// Folding ranges for STAGE and TASK blocks. A block runs until the next marker, which
// a language-configuration marker pair cannot express (its end marker must be a line of
// its own), so the extension computes the ranges itself. Pure: lines in, ranges out.

export interface LineRange {
  readonly start: number;
  readonly end: number;
  readonly kind: "stage" | "task" | "fence";
}

const STAGE_MARKER = /^\uFEFF?## STAGE ##/;
const TASK_MARKER = /^\uFEFF?## TASK(?: ##:?|##:?|:)/;
const FENCE_OPEN = /^ {0,3}(```|~~~)/;

type Marker = { readonly line: number; readonly kind: "stage" | "task" };

/** Foldable ranges (0-based, inclusive) of a plan given as its lines. */
export function planFoldingRanges(lines: readonly string[]): LineRange[] {
  const { markers, fences } = scan(lines);
  const blocks = [...stageRanges(markers, lines), ...taskRanges(markers, lines)];
  return [...blocks, ...fences].sort((a, b) => a.start - b.start || b.end - a.end);
}

function scan(lines: readonly string[]): { markers: Marker[]; fences: LineRange[] } {
  const markers: Marker[] = [];
  const fences: LineRange[] = [];
  let fence: { start: number; delimiter: string } | undefined;
  lines.forEach((text, line) => {
    if (fence !== undefined) {
      if (text.replace(/^ {0,3}/, "").startsWith(fence.delimiter)) {
        fences.push({ start: fence.start, end: line, kind: "fence" });
        fence = undefined;
      }
      return;
    }
    const open = FENCE_OPEN.exec(text);
    if (open !== null) {
      fence = { start: line, delimiter: open[1] };
    } else if (STAGE_MARKER.test(text)) {
      markers.push({ line, kind: "stage" });
    } else if (TASK_MARKER.test(text)) {
      markers.push({ line, kind: "task" });
    }
  });
  if (fence !== undefined) {
    fences.push({ start: fence.start, end: lastContentLine(lines, lines.length), kind: "fence" });
  }
  return { markers, fences: fences.filter((range) => range.end > range.start) };
}

function stageRanges(markers: readonly Marker[], lines: readonly string[]): LineRange[] {
  const stages = markers.filter((marker) => marker.kind === "stage");
  return stages.flatMap((stage, index) => {
    const next = stages[index + 1]?.line ?? lines.length;
    return block(stage.line, lastContentLine(lines, next), "stage");
  });
}

function taskRanges(markers: readonly Marker[], lines: readonly string[]): LineRange[] {
  return markers.flatMap((marker, index) => {
    if (marker.kind !== "task") {
      return [];
    }
    const next = markers[index + 1]?.line ?? lines.length;
    return block(marker.line, lastContentLine(lines, next), "task");
  });
}

function block(start: number, end: number, kind: LineRange["kind"]): LineRange[] {
  return end > start ? [{ start, end, kind }] : [];
}

/** The last non-blank line before `limit`, so folds do not swallow the gap to the next block. */
function lastContentLine(lines: readonly string[], limit: number): number {
  let line = limit - 1;
  while (line > 0 && lines[line].trim() === "") {
    line -= 1;
  }
  return line;
}
