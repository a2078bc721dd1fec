// Where the extension, the repository and the shared plan corpus live. CI clones the
// repository next to a copy of shared/, so the corpus is `<repo>/../shared/corpus`.

import * as fs from "node:fs";
import * as path from "node:path";

/** The editors/vscode folder: the nearest ancestor whose package.json is this extension. */
export function extensionRoot(): string {
  let dir = __dirname;
  while (!isExtensionFolder(dir)) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`no planlint extension folder above ${__dirname}`);
    }
    dir = parent;
  }
  return dir;
}

function isExtensionFolder(dir: string): boolean {
  const manifest = path.join(dir, "package.json");
  if (!fs.existsSync(manifest)) {
    return false;
  }
  const parsed = JSON.parse(fs.readFileSync(manifest, "utf8")) as { name?: string };
  return parsed.name === "planlint" && fs.existsSync(path.join(dir, "syntaxes"));
}

export function repoRoot(): string {
  return path.resolve(extensionRoot(), "..", "..");
}

/** shared/ beside the repository; missing is an error, never a reason to skip. */
export function sharedDir(): string {
  const shared = path.resolve(repoRoot(), "..", "shared");
  if (!fs.existsSync(path.join(shared, "corpus"))) {
    throw new Error(
      `the plan corpus is missing: expected ${shared}/corpus (a copy of shared/ must sit ` +
        "beside the repository, as it does in CI)",
    );
  }
  return shared;
}

/** Every corpus plan and include fragment, as absolute paths, sorted. */
export function corpusFiles(): string[] {
  const corpus = path.join(sharedDir(), "corpus");
  const plans = listFiles(corpus, (name) => name.endsWith(".plan.md"));
  const parts = listFiles(path.join(corpus, "include-parts"), (name) => name.endsWith(".md"));
  if (plans.length === 0) {
    throw new Error(`no *.plan.md files in ${corpus}`);
  }
  return [...plans, ...parts];
}

/** The seed plans in shared/seeds. */
export function seedFiles(): string[] {
  const seeds = listFiles(path.join(sharedDir(), "seeds"), (name) => name.endsWith(".txt"));
  if (seeds.length === 0) {
    throw new Error(`no seed plans in ${path.join(sharedDir(), "seeds")}`);
  }
  return seeds;
}

export function examplePlan(): string {
  return path.join(repoRoot(), "examples", "data-migration.plan.txt");
}

export function corpusFile(name: string): string {
  return path.join(sharedDir(), "corpus", name);
}

function listFiles(dir: string, keep: (name: string) => boolean): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir)
    .filter(keep)
    .sort()
    .map((name) => path.join(dir, name));
}

/** A file's lines as VS Code sees them: split on any line break, BOM kept. */
export function readLines(file: string): string[] {
  return fs.readFileSync(file, "utf8").split(/\r\n|\r|\n/);
}
