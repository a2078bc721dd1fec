"""Tests of `planlint run` and `planlint graph`."""
