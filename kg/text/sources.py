"""Source adapters: a file on disk becomes decoded raw text plus what its container says.

Two containers exist: the legal database's plain text and its markdown mirror (`kaz.md` /
`rus.md` beside a `meta.yaml`, or with YAML front matter on top). A file is read by what it
holds, not by its name: mirror markdown saved as `.txt` is markdown, a database text saved
as `.md` is plain text. Spans everywhere point into `Source.raw`, the decoded file, so this
is the only place that looks at bytes.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import SourceError
from kg.text.normalize import FRONT_MATTER as _FRONT_MATTER

# Mirror file names say the language of the text they hold (whatever the extension).
MIRROR_LANGUAGE = {"kaz": "kk", "rus": "ru"}
# the texts of a mirror folder, Kazakh first; one saved as plain text (`kaz.txt`) is the same text
MIRROR_FILES = ("kaz.md", "rus.md", "kaz.txt", "rus.txt")


@dataclass(frozen=True)
class Source:
    path: str  # as given by the caller: records report it back unchanged
    raw: str
    format: str  # "txt" | "md"
    encoding: str
    sha256: str
    language_hint: str | None = None
    meta: dict = field(default_factory=dict)


def decode(path: str, data: bytes) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), UTF-16 (BOM) or Windows-1251; refuse the rest."""
    if not data.strip():
        raise SourceError(path, "the file is empty")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(path, data[len(codecs.BOM_UTF8):], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(path, data, "utf-16"), "utf-16"
    if b"\x00" in data:
        # UTF-16 without a BOM is indistinguishable from binary junk often enough that we
        # only accept it when nearly every other byte is zero (ASCII/Cyrillic text does that).
        zeros_odd = data[1::2].count(0) / max(1, len(data) // 2)
        zeros_even = data[0::2].count(0) / max(1, len(data) // 2)
        if zeros_odd > 0.3 and zeros_even < 0.05:
            return _strict(path, data, "utf-16-le"), "utf-16-le"
        if zeros_even > 0.3 and zeros_odd < 0.05:
            return _strict(path, data, "utf-16-be"), "utf-16-be"
        raise SourceError(path, "binary file (contains NUL bytes), not a text document")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1251", errors="replace")
    # cp1251 decodes any byte string; accept it only when the result reads as Cyrillic text.
    letters = [c for c in text if c.isalpha()]
    cyr = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    if "\ufffd" in text or not letters or cyr / len(letters) < 0.5 or _control_ratio(text) > 0.01:
        raise SourceError(path, "unknown text encoding (not UTF-8, UTF-16 or Windows-1251)")
    return text, "cp1251"


def _strict(path: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SourceError(path, f"invalid {encoding} text at byte {exc.start}") from exc


def _control_ratio(text: str) -> float:
    bad = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t\f")
    return bad / max(1, len(text))


def load(path: str | Path) -> Source:
    """Read one source: a database text, a mirror `kaz.md`/`rus.md`, or a mirror folder (its `kaz.md`)."""
    given = str(path)
    p = Path(path)
    if p.is_dir():
        for name in MIRROR_FILES:
            if (p / name).exists():
                p = p / name
                break
        else:
            raise SourceError(given, "a folder with neither kaz.md nor rus.md")
    if not p.exists():
        raise SourceError(given, "no such file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise SourceError(given, f"cannot read: {exc.strerror}") from exc
    raw, encoding = decode(given, data)
    digest = hashlib.sha256(data).hexdigest()
    fmt = sniff_format(raw)
    front = front_matter(given, raw)
    mirror_name = p.stem.lower() in MIRROR_LANGUAGE
    meta = {**front, **_read_meta(given, p.parent / "meta.yaml")} if (fmt == "md" or mirror_name) else front
    hint = MIRROR_LANGUAGE.get(p.stem.lower()) if mirror_name else _language_key(front)
    return Source(given, raw, fmt, encoding, digest, hint, meta)


# What only the mirror writes: a heading, an anchor, a bold line, a quoted italic note; each
# with a literal its match holds, looked for first (a pattern led by a line start is tried at
# every line).
_MD_SIGNALS = (
    (re.compile(r"^#{1,6}[ \t]+\S", re.M), ("#",)),
    (re.compile(r"<a\s+id=", re.I), ("<a", "<A")),
    (re.compile(r"^\*\*[^\n]+\*\*[ \t]*$", re.M), ("**",)),
    (re.compile(r"^>[ \t]?\*", re.M), (">",)),
    (re.compile(r"^```", re.M), ("```",)),
)


def _signal(head: str, i: int) -> bool:
    rx, literals = _MD_SIGNALS[i]
    return any(lit in head for lit in literals) and rx.search(head) is not None


def sniff_format(raw: str) -> str:
    """"md" when the text carries the mirror's markup (two kinds of it, or front matter),
    "txt" for the database's plain text."""
    if _FRONT_MATTER.match(raw):
        return "md"
    head = raw[:200_000]
    if "#" in head and len(_MD_SIGNALS[0][0].findall(head)) >= 2:
        return "md"
    return "md" if sum(1 for i in range(len(_MD_SIGNALS)) if _signal(head, i)) >= 2 else "txt"


def front_matter(given: str, raw: str) -> dict:
    """The YAML block a mirror file may carry on top (`---` ... `---`), as a mapping."""
    m = _FRONT_MATTER.match(raw)
    if not m:
        return {}
    import yaml

    try:
        meta = load_yaml(m.group(1)) or {}
    except yaml.YAMLError as exc:
        raise SourceError(given, f"unreadable YAML front matter: {exc}") from exc
    if not isinstance(meta, dict):
        raise SourceError(given, "the YAML front matter is not a mapping")
    return meta


def _language_key(meta: dict) -> str | None:
    lang = str(meta.get("language") or meta.get("lang") or "").lower()
    return {"kk": "kk", "kaz": "kk", "kz": "kk", "ru": "ru", "rus": "ru"}.get(lang)


def load_yaml(text: str):
    """YAML through libyaml's parser where PyYAML was built with it: a catalog of 10,000
    sources parses in 0.7 s instead of 3.7 (measured); the pure-Python loader otherwise."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def _read_meta(given: str, meta_path: Path) -> dict:
    if not meta_path.exists():
        return {}
    import yaml

    try:
        meta = load_yaml(meta_path.read_text(encoding="utf-8-sig")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise SourceError(str(meta_path), f"unreadable meta.yaml beside {given}: {exc}") from exc
    if not isinstance(meta, dict):
        raise SourceError(str(meta_path), "meta.yaml is not a mapping")
    return meta


def detect_language(text: str) -> str:
    """kk when Kazakh-only letters are frequent, ru when Russian function words dominate."""
    kk_letters = sum(text.count(ch) for ch in "әғқңөұүһіӘҒҚҢӨҰҮҺІ")
    # the letters are counted only where the share is in doubt: a text holds no more of them
    # than characters, and none where it has no Kazakh letter at all
    if kk_letters > 0.01 * len(text) or (
            kk_letters and kk_letters / max(1, len(text) - len(_CYRILLIC_RUN.sub("", text))) > 0.01):
        return "kk"
    if _RU_FUNCTION_WORD.search(text):
        return "ru"
    return "kk"


_CYRILLIC_RUN = re.compile(r"[\u0400-\u04ff]+")
_RU_FUNCTION_WORD = re.compile(r"(?<!\w)(?:и|в|на|с|по|о|для|от|не)(?!\w)")
