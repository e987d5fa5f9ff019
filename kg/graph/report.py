"""The validation report: findings that say what to fix and where to look (node, rule, value and
the source spans behind the node, with file, line, column and the quoted words)."""

from __future__ import annotations

from dataclasses import dataclass

from kg.graph import namespaces as ns
from kg.graph.export import TermWriter


@dataclass(frozen=True)
class Where:
    file: str
    start: int
    end: int
    line: int | None = None
    col: int | None = None
    quote: str | None = None

    def __str__(self) -> str:
        loc = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        q = f' "{_clip(self.quote)}"' if self.quote else ""
        return f"{loc} (chars {self.start}-{self.end}){q}"


@dataclass(frozen=True)
class Finding:
    severity: str  # Violation | Warning | Info
    rule: str
    focus: str
    message: str
    path: str | None = None
    value: str | None = None
    graphs: tuple[str, ...] = ()
    where: tuple[Where, ...] = ()

    def key(self):
        return (self.severity, self.rule, self.focus, self.path, self.value, self.message)


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...] = ()

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "Violation")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity != "Violation")

    @property
    def conforms(self) -> bool:
        return not self.violations

    def rules(self) -> set[str]:
        return {f.rule for f in self.violations}

    def text(self, include_warnings: bool = True) -> str:
        tw = TermWriter(base=None)
        shown = list(self.violations) + (list(self.warnings) if include_warnings else [])
        if not shown:
            return "The graph conforms to the shapes.\n"
        lines = [f"{len(self.violations)} violation(s), {len(self.warnings)} warning(s)."]
        for i, f in enumerate(shown, 1):
            lines.append("")
            lines.append(f"{i}. {f.severity.upper()}: {f.message}")
            lines.append(f"   rule:   {f.rule}")
            lines.append(f"   node:   <{f.focus}>")
            if f.path:
                lines.append(f"   path:   {tw.iri(f.path)}")
            if f.value:
                lines.append(f"   value:  {f.value}")
            if f.graphs:
                lines.append(f"   graph:  {', '.join(_graph_label(g) for g in f.graphs)}")
            for w in f.where[:4]:
                lines.append(f"   source: {w}")
            if not f.where:
                lines.append("   source: (no span recorded for this node)")
        return "\n".join(lines) + "\n"


def _clip(text: str | None, n: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1] + "…"


def _graph_label(g: str) -> str:
    return g[len(ns.ID + "graph/"):] if g.startswith(ns.ID + "graph/") else g


def _where_key(w: Where):
    return (w.file, w.start, w.end)


def _line_col(text: str | None, offset: int) -> tuple[int | None, int | None]:
    if text is None or offset > len(text):
        return None, None
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def _merge(findings: list[Finding]) -> tuple[Finding, ...]:
    merged: dict = {}
    for f in findings:
        k = f.key()
        if k in merged:
            old = merged[k]
            merged[k] = Finding(old.severity, old.rule, old.focus, old.message, old.path, old.value,
                                tuple(sorted(set(old.graphs) | set(f.graphs))),
                                tuple(sorted(set(old.where) | set(f.where), key=_where_key)))
        else:
            merged[k] = f
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    return tuple(sorted(merged.values(), key=lambda f: (order.get(f.severity, 3), f.rule, f.focus, f.path or "", f.value or "")))


def _where_json(w: Where) -> list:
    return [w.file, w.start, w.end, w.line, w.col, w.quote]


def _finding_json(f: Finding) -> list:
    return [f.severity, f.rule, f.focus, f.message, f.path, f.value, list(f.graphs), [_where_json(w) for w in f.where]]


def _finding_from_json(d: list) -> Finding:
    return Finding(*d[:6], tuple(d[6]), tuple(Where(*w) for w in d[7]))
