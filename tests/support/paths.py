"""Where the tests' data lies: the repository, the shipped fixtures and golden files, and the
shared folder beside the checkout (absent on a bare clone: tests that need it skip)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"
DATA = TESTS / "data"
SHARED = ROOT.parent / "shared"
