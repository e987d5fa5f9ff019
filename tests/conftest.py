import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SOURCES = ROOT / "sources"
GOLD = SHARED / "gold"
ESPI = SHARED / "examples" / "espi"


def gold_records():
    if not GOLD.exists():
        return []
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("0*.json"))]


@pytest.fixture(scope="session")
def extracted():
    """Every seed extracted once per test session: {source file name: record}."""
    from kg.extract.record import extract_file

    return {p.name: extract_file(str(p)) for p in sorted(SOURCES.glob("*.txt"))}


def run_kg(*args, cwd=ROOT):
    import subprocess

    return subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=cwd, capture_output=True, text=True)


def need_shared(*paths: Path) -> None:
    """Tests that read ../shared fail in CI when it is absent (a lost bar is not a pass); a
    developer without it gets a skip."""
    import os

    missing = [str(p) for p in paths or (SHARED,) if not p.exists()]
    if missing:
        (pytest.fail if os.environ.get("CI") else pytest.skip)(f"not beside the repository: {', '.join(missing)}")


# The corpus bars of the extraction issue, expected to fail until the extractor fixes land on
# main. One switch: set to False at merge and every corpus bar holds strictly.
EXTRACTOR_BEING_FIXED = False
corpus_bar = (pytest.mark.xfail(strict=False, raises=AssertionError, reason="extractor being fixed") if EXTRACTOR_BEING_FIXED
              else pytest.mark.skipif(False, reason="the corpus bars hold"))
