"""Configuration: `[tool.planlint]`, `planlint.toml` or `.planlint.toml`."""

from planlint.config.files import (
    CONFIG_NAMES,
    DEFAULTS,
    ConfigError,
    Resolver,
    config_in,
    find_config,
    load_config,
    resolve_settings,
)
from planlint.config.schema import SEVERITIES, schema
from planlint.config.settings import Settings

__all__ = [
    "CONFIG_NAMES",
    "DEFAULTS",
    "SEVERITIES",
    "ConfigError",
    "Resolver",
    "Settings",
    "config_in",
    "find_config",
    "load_config",
    "resolve_settings",
    "schema",
]
