"""Settings: which rules run on a plan, at what severity, and what is skipped."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planlint.checks import Diagnostic, Rule, Severity

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

    def excluded(self, plan_path: Path) -> bool:
        """Whether a plan found in a directory walk is skipped by `exclude`."""
        if not self.exclude:
            return False
        relative = _relative(plan_path, self.root)
        return relative is not None and self._exclude_spec.match_file(relative)

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


def _with_severity(diagnostic: Diagnostic, severity: Severity) -> Diagnostic:
    if severity is diagnostic.severity:
        return diagnostic
    return replace(diagnostic, severity=severity)


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def _selects(selector: str, code: str, name: str) -> bool:
    return selector in ("ALL", name) or code.startswith(selector)


def _matches(rule: Rule, selectors: Iterable[str]) -> bool:
    return any(_selects(s, rule.code, rule.name) for s in selectors)


def _specificity(selector: str) -> int:
    return 0 if selector == "ALL" else len(selector)


def selects_some_rule(selector: str, rules: Iterable[Rule]) -> bool:
    """Whether `selector` (ALL, a code, a name or a code prefix) names a rule."""
    return any(_selects(selector, r.code, r.name) for r in rules)
