"""Model layer: a plan's stages, tasks and references, built from syntax trees."""

from planlint.model.build import build
from planlint.model.includes import Reader, read_from_disk
from planlint.model.plan import (
    Dependency,
    Field,
    HeaderCount,
    Include,
    Mode,
    Place,
    Plan,
    PlanLine,
    Policy,
    Stage,
    Task,
)
from planlint.model.values import Reference, RefKind

__all__ = [
    "Dependency",
    "Field",
    "HeaderCount",
    "Include",
    "Mode",
    "Place",
    "Plan",
    "PlanLine",
    "Policy",
    "Reader",
    "RefKind",
    "Reference",
    "Stage",
    "Task",
    "build",
    "read_from_disk",
]
