"""Settings: which rules run on a plan, at what severity, and what is skipped."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planlint.checks import Diagnostic, Rule, Severity
from planlint.checks.suppressions import selects as _selects

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec


@dataclass(frozen=True)
class Settings:
    """One configuration file's settings (or the defaults, when `path` is None)."""

    path: Path | None = None
    select: tuple[str, ...] = ("ALL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    format: Mapping[str, Any] = field(default_factory=dict)
    run: Mapping[str, Any] = field(default_factory=dict)

    def overridden(
        self,
        select: tuple[str, ...] | None = None,
        extend_select: tuple[str, ...] = (),
        ignore: tuple[str, ...] = (),
    ) -> Settings:
        """These settings under the command line's `--select`, `--extend-select`
        and `--ignore`: `select` replaces the file's selection (its
        `extend-select` included), the other two add to it."""
        if select is None and not extend_select and not ignore:
            return self
        chosen = self.extend_select if select is None else ()
        return replace(
            self,
            select=self.select if select is None else select,
            extend_select=(*chosen, *extend_select),
            ignore=(*self.ignore, *ignore),
        )

    @property
    def root(self) -> Path:
        """The directory that relative globs start from: the file's own."""
        return self.path.parent if self.path else Path.cwd()

    def enabled(self, plan_path: str | None = None) -> Callable[[Rule], bool]:
        """The rules to run on the plan at `plan_path`."""
        ignored = set(self.ignore) | set(self._file_ignores(plan_path))
        selected = (*self.select, *self.extend_select)

        def enabled(rule: Rule) -> bool:
            return _matches(rule, selected) and not _matches(rule, ignored)

        return enabled

    def severity_of(self, code: str, name: str, default: Severity) -> Severity:
        """The severity of a rule after the `severity` table; the longest key wins."""
        chosen = default
        for selector, level in self._ranked_severities:
            if _selects(selector, code, name):
                chosen = Severity(level)
        return chosen

    def adjust(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """Apply the `severity` table to `diagnostics`."""
        if not self.severity:
            return list(diagnostics)
        return [
            _with_severity(d, self.severity_of(d.code, d.rule, d.severity))
            for d in diagnostics
        ]

    def excluded(self, plan_path: Path, walked: Path | None = None) -> bool:
        """Whether a plan found in a walk of `walked` is skipped by `exclude`.

        As with `.gitignore`: the plan is excluded when a pattern names it or
        a directory between `walked` and it; `walked` itself, named on the
        command line, and the directories above it do not count.
        """
        if not self.exclude:
            return False
        relative = _relative(plan_path, self.root)
        if relative is None:
            return False

        parts = relative.split("/")
        top = _relative(walked, self.root) if walked is not None else None
        skip = 0 if top is None or top == "." else len(top.split("/"))
        spec = self._exclude_spec
        for end in range(skip + 1, len(parts)):
            if ignore_verdict(spec, "/".join(parts[:end]), is_dir=True):
                return True
        return ignore_verdict(spec, relative, is_dir=False) is True

    @cached_property
    def _ranked_severities(self) -> list[tuple[str, str]]:
        return sorted(self.severity.items(), key=lambda kv: _specificity(kv[0]))

    @cached_property
    def _exclude_spec(self) -> GitIgnoreSpec:
        from pathspec import GitIgnoreSpec

        return GitIgnoreSpec.from_lines(self.exclude)

    def _file_ignores(self, plan_path: str | None) -> list[str]:
        if plan_path is None or not self.per_file_ignores:
            return []

        from pathspec import GitIgnoreSpec

        relative = _relative(Path(plan_path), self.root)
        found: list[str] = []
        for pattern, rules in self.per_file_ignores.items():
            spec = GitIgnoreSpec.from_lines([pattern])
            if relative is not None and spec.match_file(relative):
                found.extend(rules)
        return found


def ignore_verdict(spec: GitIgnoreSpec, relative: str, is_dir: bool) -> bool | None:
    """True if the last pattern naming `relative` itself ignores it, False if it
    re-includes it (`!`), None if none names it.

    As git reads patterns: a path is named by its own name, never through a
    directory above it (`build/` names the directory, not `build/a.plan`); what
    lies below an ignored directory is left out by not walking into it.
    """
    from pathspec.pattern import RegexPattern

    text = relative + "/" if is_dir else relative
    verdict: bool | None = None
    for pattern in spec.patterns:
        if pattern.include is None or not isinstance(pattern, RegexPattern):
            continue
        assert pattern.regex is not None
        match = pattern.regex.match(text)
        if match is not None and match.end() == len(text):
            verdict = pattern.include
    return verdict


def _with_severity(diagnostic: Diagnostic, severity: Severity) -> Diagnostic:
    if severity is diagnostic.severity:
        return diagnostic
    return replace(diagnostic, severity=severity)


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def _matches(rule: Rule, selectors: Iterable[str]) -> bool:
    return any(_selects(s, rule.code, rule.name) for s in selectors)


def _specificity(selector: str) -> int:
    return 0 if selector == "ALL" else len(selector)


def selects_some_rule(selector: str, rules: Iterable[Rule]) -> bool:
    """Whether `selector` (ALL, a code, a name or a code prefix) names a rule."""
    return any(_selects(selector, r.code, r.name) for r in rules)
