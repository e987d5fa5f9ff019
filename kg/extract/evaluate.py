"""Records measured against gold records (the contract of spec/extraction-record.md): the gold
files of a folder paired with the sources or saved records they name, scored by `score`.
What `kg evaluate` prints and the benchmark reports."""

from __future__ import annotations

import json
from pathlib import Path

from kg.errors import KgError

SOURCE_SUFFIXES = (".txt", ".md")


class EvaluateError(KgError):
    def __init__(self, path, reason: str):
        super().__init__(f"{path}: {reason}")


# ------------------------------------------------------------------------------ reading

def read_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvaluateError(path, f"cannot read: {exc.strerror}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise EvaluateError(path, f"not JSON: {exc}") from exc


def read_gold(where: str) -> list[tuple[Path, dict]]:
    """Every gold record in the folder; a JSON object without `source` (such as the seeds'
    cross-document.json) is not a record and is passed over."""
    root = Path(where)
    if not root.exists():
        raise EvaluateError(where, "no such file or folder")
    files = sorted(root.glob("*.json")) if root.is_dir() else [root]
    out = []
    for f in files:
        data = read_json(f)
        if not isinstance(data, dict):
            raise EvaluateError(f, "a gold record must be a JSON object")
        if "source" not in data and "kind" not in data:
            continue
        for key in ("source", "kind"):
            if not isinstance(data.get(key), str) or not data[key]:
                raise EvaluateError(f, f"a gold record needs a `{key}` string")
        out.append((f, data))
    if not out:
        raise EvaluateError(where, "no gold records (JSON objects with a `source`) in it")
    return out


def given_paths(paths: list[str]) -> tuple[list[str], dict[str, dict]]:
    """The source files named or found under the folders, and the saved records by source."""
    sources, records = [], {}
    for given in paths:
        p = Path(given)
        if p.is_dir():
            sources += sorted(str(f) for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SOURCE_SUFFIXES)
        elif not p.exists():
            raise EvaluateError(given, "no such file or folder")
        elif p.suffix.lower() == ".json":
            data = read_json(p)
            for rec in data if isinstance(data, list) else [data]:
                if not isinstance(rec, dict) or not isinstance(rec.get("source"), str):
                    raise EvaluateError(given, "not an extraction record (a JSON object with a `source`)")
                records[rec["source"]] = rec
        else:
            sources.append(given)
    return sources, records


def ends_with(path: str, suffix: str) -> bool:
    """Path-wise: `x/01_a/kaz.md` ends with `01_a/kaz.md`, `x/001_a.txt` does not end with `1_a.txt`."""
    p, s = Path(path).as_posix().split("/"), Path(suffix).as_posix().strip("/").split("/")
    return p[-len(s):] == s


def by_name(paths) -> dict[str, list[str]]:
    """Paths by their file name: a gold's source is looked for among those of its name only (a
    curator's 10,000 gold records against as many files, not 10,000 x 10,000 comparisons)."""
    out: dict[str, list[str]] = {}
    for p in paths:
        out.setdefault(Path(p).name, []).append(p)
    return out


def pair(gold_file: Path, gold: dict, sources: dict[str, list[str]], records: dict[str, dict],
         record_names: dict[str, list[str]] | None = None):
    """(the record or None, the path or None, the reason there is no record); `sources`: the
    source paths by_name, `record_names` the records' sources by_name."""
    name = Path(gold["source"]).name
    names = record_names if record_names is not None else by_name(records)
    hits = [s for s in names.get(name, ()) if ends_with(s, gold["source"])]
    if len(hits) == 1:
        return records[hits[0]], hits[0], None
    paths = [s for s in sources.get(name, ()) if ends_with(s, gold["source"])]
    if len(hits) + len(paths) > 1:
        raise EvaluateError(gold_file, f"its source {gold['source']!r} matches several PATHs: {hits + paths}")
    if not paths:
        return None, None, f"no PATH given ends with {gold['source']!r}"
    from kg.extract.record import extract_file

    try:
        return extract_file(paths[0]), paths[0], None
    except KgError as exc:
        return None, paths[0], str(exc)
    except Exception as exc:  # a bug in the extractor is a wrong document, not a lost evaluation
        return None, paths[0], f"{paths[0]}: internal error: {type(exc).__name__}: {exc}"


# ------------------------------------------------------------------------------ scoring

def evaluate(gold_dir: str, paths: list[str]) -> dict:
    from kg.extract.score import score, score_missing, total

    golds = read_gold(gold_dir)
    sources, records = given_paths(paths)
    source_names, record_names = by_name(sources), by_name(records)
    docs = []
    for gold_file, gold in golds:
        rec, path, error = pair(gold_file, gold, source_names, records, record_names)
        s = score(rec, gold) if rec is not None else score_missing(gold, error)
        docs.append({"gold": str(gold_file), "source": gold["source"], "path": path, **s})
    return {"documents": docs, "total": total(docs)}
