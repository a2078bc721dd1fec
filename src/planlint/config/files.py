"""Finding, reading and validating configuration files.

In one directory the first of `.planlint.toml`, `planlint.toml` and a
`pyproject.toml` with a `[tool.planlint]` table configures planlint; the
nearest such directory at or above a plan wins, and nothing is merged.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planlint.config.schema import SELECTOR_TITLE, schema
from planlint.config.settings import Settings

logger = logging.getLogger(__name__)

CONFIG_NAMES = (".planlint.toml", "planlint.toml", "pyproject.toml")
DEFAULTS = Settings()


class ConfigError(Exception):
    """An invalid configuration: which file, which key, what is allowed."""

    def __init__(self, path: Path, key: str, message: str) -> None:
        super().__init__(f"{path}: `{key}`: {message}")
        self.path, self.key = path, key
        self.detail = f"`{key}`: {message}"


def config_in(folder: Path) -> Path | None:
    """The file that configures planlint in `folder` itself, if any."""
    for name in CONFIG_NAMES:
        candidate = folder / name
        if candidate.is_file() and _configures(candidate):
            return candidate
    return None


def find_config(start: Path) -> Path | None:
    """The nearest configuration file in `start` or a directory above it."""
    directory = (start if start.is_dir() else start.parent).resolve()
    for folder in (directory, *directory.parents):
        found = config_in(folder)
        if found is not None:
            return found
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
    except OSError as error:
        reason = error.strerror or str(error)
        raise ConfigError(path, "(file)", f"cannot read it: {reason}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(path, "(file)", f"not valid TOML: {error}") from None


def load_config(path: Path) -> Settings:
    """Read and validate one configuration file."""
    logger.info("reading configuration from %s", path)
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("planlint", {})
    _validate(path, data)

    per_file = data.get("per-file-ignores", {})
    return Settings(
        path=path,
        select=tuple(data.get("select", ("ALL",))),
        extend_select=tuple(data.get("extend-select", ())),
        ignore=tuple(data.get("ignore", ())),
        severity=dict(data.get("severity", {})),
        per_file_ignores={glob: tuple(rules) for glob, rules in per_file.items()},
        exclude=tuple(data.get("exclude", ())),
        format=dict(data.get("format", {})),
        run=dict(data.get("run", {})),
    )


def _validate(path: Path, data: dict[str, Any]) -> None:
    import jsonschema  # only when a configuration file exists

    validator = jsonschema.Draft202012Validator(schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    if errors:
        raise ConfigError(path, *_explain(errors[0]))


def _explain(error: Any) -> tuple[str, str]:
    """The dotted key at fault and what is wrong with it, allowed values included."""
    where = [str(part) for part in error.absolute_path]
    key = ".".join(where) or "(top level)"
    if error.validator == "additionalProperties":
        allowed = ", ".join(sorted(error.schema.get("properties", {})))
        unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        key = ".".join([*where, unknown[0]]) if unknown else key
        return key, f"no such setting; allowed keys here: {allowed}"
    if error.schema.get("title") == SELECTOR_TITLE:  # the list, not its index
        key = ".".join(str(p) for p in error.absolute_path if not isinstance(p, int))
        return key, (
            f"`{error.instance}` is no rule code, name or code prefix"
            " (see `planlint rule --all`)"
        )
    if "examples" in error.schema and error.validator != "type":
        examples = ", ".join(str(v) for v in error.schema["examples"])
        return key, f"{error.instance!r} is not allowed; write it like {examples}"
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return key, f"{error.instance!r} is not allowed; use one of: {allowed}"
    return key, str(error.message)


@dataclass
class Resolver:
    """Settings per plan as `resolve_settings` gives them, each file read once."""

    config: Path | None = None
    isolated: bool = False
    _loaded: dict[Path, Settings] = field(default_factory=dict)
    _found: dict[Path, Path | None] = field(default_factory=dict)

    def __call__(self, plan: Path | None) -> Settings:
        if self.isolated:
            return DEFAULTS
        if self.config is not None:
            return self._load(self.config)

        found = self._nearest(_directory_of(plan))
        return self._load(found) if found is not None else DEFAULTS

    def source(self, plan: Path | None) -> Path | None:
        """The file the settings of `plan` come from, or None for the defaults."""
        return self(plan).path

    def _load(self, path: Path) -> Settings:
        if path not in self._loaded:
            self._loaded[path] = load_config(path)
        return self._loaded[path]

    def _nearest(self, directory: Path) -> Path | None:
        """`find_config`, remembering the answer for every directory passed."""
        passed: list[Path] = []
        found: Path | None = None
        for folder in (directory, *directory.parents):
            if folder in self._found:
                found = self._found[folder]
                break
            passed.append(folder)
            found = config_in(folder)
            if found is not None:
                break
        for folder in passed:
            self._found[folder] = found
        return found


def _directory_of(plan: Path | None) -> Path:
    if plan is None:
        return Path.cwd().resolve()
    return (plan if plan.is_dir() else plan.parent).resolve()


def resolve_settings(
    plan: Path | None, config: Path | None = None, isolated: bool = False
) -> Settings:
    """The settings for a plan: `--config`, else the nearest file, else defaults."""
    return Resolver(config, isolated)(plan)
