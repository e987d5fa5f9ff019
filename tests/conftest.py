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
