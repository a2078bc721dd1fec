"""Finding, reading and validating configuration; applying it to rules."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from planlint.checks import Diagnostic, Rule, Severity, all_rules
from planlint.config.schema import SEVERITIES, schema

# In one directory, the first of these that configures planlint wins.
CONFIG_NAMES = (".planlint.toml", "planlint.toml", "pyproject.toml")


class ConfigError(Exception):
    """An invalid configuration: which file, which key, what is allowed."""

    def __init__(self, path: Path, key: str, message: str) -> None:
        super().__init__(f"{path}: `{key}`: {message}")
        self.path, self.key = path, key


@dataclass(frozen=True)
class Settings:
    path: Path | None = None
    select: tuple[str, ...] = ("ALL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    per_file_ignores: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    exclude: tuple[str, ...] = ()
    format: Mapping[str, Any] = field(default_factory=dict)
    run: Mapping[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def enabled(self, plan_path: str | None = None) -> Callable[[Rule], bool]:
        """The rules to run on the plan at `plan_path`."""
        ignored = set(self.ignore) | set(self._file_ignores(plan_path))
        selected = (*self.select, *self.extend_select)

        def enabled(rule: Rule) -> bool:
            return _matches(rule, selected) and not _matches(rule, ignored)

        return enabled

    def adjust(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """Apply the `severity` table, the most specific selector winning."""
        if not self.severity:
            return list(diagnostics)
        ranked = sorted(self.severity.items(), key=lambda kv: _specificity(kv[0]))
        adjusted = []
        for diagnostic in diagnostics:
            for selector, level in ranked:
                if _selects(selector, diagnostic.code, diagnostic.rule):
                    diagnostic = replace(diagnostic, severity=Severity(level))
            adjusted.append(diagnostic)
        return adjusted

    def _file_ignores(self, plan_path: str | None) -> list[str]:
        if plan_path is None or not self.per_file_ignores:
            return []
        import pathspec

        relative = _relative(Path(plan_path), self.root)
        found: list[str] = []
        for pattern, rules in self.per_file_ignores.items():
            spec = pathspec.GitIgnoreSpec.from_lines([pattern])
            if relative is not None and spec.match_file(relative):
                found.extend(rules)
        return found


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


def find_config(start: Path) -> Path | None:
    """The nearest configuration file in `start` or a directory above it."""
    directory = start if start.is_dir() else start.parent
    for folder in (directory.resolve(), *directory.resolve().parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file() and _configures(candidate):
                return candidate
    return None


def _configures(path: Path) -> bool:
    if path.name != "pyproject.toml":
        return True
    try:
        return "planlint" in _read_toml(path).get("tool", {})
    except ConfigError:
        return False


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(path, "(file)", f"cannot read TOML: {error}") from None


def load_config(path: Path) -> Settings:
    """Read and validate one configuration file."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("planlint", {})
    _validate(path, data)

    return Settings(
        path=path,
        select=tuple(data.get("select", ("ALL",))),
        extend_select=tuple(data.get("extend-select", ())),
        ignore=tuple(data.get("ignore", ())),
        severity=dict(data.get("severity", {})),
        per_file_ignores={k: tuple(v) for k, v in data.get("per-file-ignores", {}).items()},
        exclude=tuple(data.get("exclude", ())),
        format=dict(data.get("format", {})),
        run=dict(data.get("run", {})),
    )


def _validate(path: Path, data: dict[str, Any]) -> None:
    import jsonschema  # only when a configuration file exists

    validator = jsonschema.Draft202012Validator(schema())
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.path)):
        key = ".".join(str(p) for p in error.absolute_path) or "(top level)"
        raise ConfigError(path, key, _explain(error))
    _validate_selectors(path, data)


def _explain(error: Any) -> str:
    if error.validator == "additionalProperties":
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        return f"{error.message}; allowed keys: {allowed}"
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return f"{error.instance!r} is not allowed; use one of: {allowed}"
    return str(error.message)


def _validate_selectors(path: Path, data: dict[str, Any]) -> None:
    lists = {k: data.get(k, ()) for k in ("select", "extend-select", "ignore")}
    lists.update({f"per-file-ignores.{k}": v for k, v in data.get("per-file-ignores", {}).items()})
    lists["severity"] = list(data.get("severity", {}))
    for key, selectors in lists.items():
        for selector in selectors:
            if not _known_selector(selector):
                raise ConfigError(
                    path,
                    key,
                    f"`{selector}` is no rule code, name or code prefix"
                    " (see `planlint rule --all`)",
                )


def _known_selector(selector: str) -> bool:
    return any(_selects(selector, r.code, r.name) for r in all_rules())


def resolve_settings(
    plan: Path | None, config: Path | None = None, isolated: bool = False
) -> Settings:
    """The settings for a plan: `--config`, else the nearest file, else defaults."""
    if isolated:
        return Settings()
    if config is not None:
        return load_config(config)
    found = find_config(plan if plan is not None else Path.cwd())
    return load_config(found) if found else Settings()


__all__ = [
    "CONFIG_NAMES",
    "ConfigError",
    "SEVERITIES",
    "Settings",
    "find_config",
    "load_config",
    "resolve_settings",
]
