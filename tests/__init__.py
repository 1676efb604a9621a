"""Tests of the Busan bundle."""

import os
from pathlib import Path

# The ini that the tests' own subprocesses (consumers, `ckan run`) use: test.ini, or a copy
# pointing at other databases for a parallel run (pass the same file to pytest --ckan-ini).
TEST_INI = Path(os.environ.get("BUSAN_TEST_INI", Path(__file__).resolve().parents[1] / "test.ini")).resolve()
