"""Helpers shared by the tests: a local HTTP server, hostile inputs, sample projects and reports."""
