"""Configuration: `[tool.planlint]`, `planlint.toml` or `.planlint.toml`."""

from planlint.config.schema import schema
from planlint.config.settings import (
    CONFIG_NAMES,
    ConfigError,
    Settings,
    find_config,
    load_config,
    resolve_settings,
)

__all__ = [
    "CONFIG_NAMES",
    "ConfigError",
    "Settings",
    "find_config",
    "load_config",
    "resolve_settings",
    "schema",
]
