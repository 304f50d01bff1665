"""Benchmarks (`make bench`): figures for the closing notes, never timed unit tests.

Each scenario runs in a child process per database, so Django binds to that database alone.
"""
