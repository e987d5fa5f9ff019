"""The shortcuts that make extraction fast read what the slow, obvious way reads.

Each one skips work it can prove useless (a pattern whose literal the text lacks, a position a
match cannot start at): on every text of the written acts, and on texts made to sit on the
edges, the shortcut and the plain pattern give the same matches."""

from pathlib import Path

import pytest

from conftest import ROOT
from kg.text import dates, normalize as norm
from kg.text.sources import load, sniff_format

WRITTEN = sorted((ROOT / "tests" / "data" / "written-acts" / "acts").glob("*/*.md"))
RAW = [load(p).raw for p in WRITTEN[::3]]


def _spans(matches):
    return [m.span() for m in matches]


EDGES = [
    "м е н  Ә з е р б а й ж а н", "(К е л і с і м)", "а  в с", "x a b c", " a b", "a b c",
    "«С О Г Л А Ш Е Н И Е»", "и в с т", "1 2 3 4", "ab c d e.", "a  b  c", "  a b c  ", "a b",
]


@pytest.mark.parametrize("text", EDGES + RAW[:40])
def test_letter_spaced_runs_are_the_pattern_s_own_matches(text):
    fast = norm._FromHint(norm._SPACED, norm._SPACED_HINT, 1)
    assert _spans(fast.finditer(text)) == _spans(norm._SPACED.finditer(text))


def test_one_letter_look_alikes_are_found_where_the_look_behind_led_pattern_finds_them():
    import re

    lookalikes = tuple(sorted(norm.tables.homoglyphs()["latin_to_cyrillic"]))
    fast = norm._single_pattern(lookalikes)
    letters = re.escape("".join(ch for ch in lookalikes if ch.isascii() and ch.isalpha() and ch not in "IVXLCDM"))
    slow = re.compile(rf"(?<![^\W_])[{letters}](?![^\W_])")
    for text in ["o городе", "a", "xa o", "_o", "5o", "кo", "o-p"] + RAW:
        assert _spans(fast.finditer(text)) == _spans(slow.finditer(text))


def test_normalisation_skips_only_what_it_would_not_change():
    # no invisible character and already NFC: left as it is; with one, still cleaned
    assert norm.normalize("Келісім\u00a0жасалды").text == "Келісім жасалды"
    assert norm.normalize("Ке\u00adлісім").text == "Келісім"
    assert norm.normalize("и\u0306").text == "й"
    # trailing spaces go only where a line ends, the text's end included
    assert norm.normalize("бап   \nмәтін  ").text == "бап\nмәтін"
    assert norm.normalize("### Статья 1", "md").text == "Статья 1"


def test_the_mirror_is_told_from_plain_text_by_its_marks_alone():
    assert sniff_format("# Заголовок\n\n## Статья 1\n") == "md"
    assert sniff_format('<A id="x"></A>\n**Заголовок**\n') == "md"
    assert sniff_format("> *примечание*\n```\n") == "md"
    assert sniff_format("Статья 1 > 2 ** 3 # 4\n") == "txt"
    from kg.text.sources import _FRONT_MATTER, _MD_SIGNALS

    def slow(raw):  # every signal searched, with no literal looked for first
        if _FRONT_MATTER.match(raw) or len(_MD_SIGNALS[0][0].findall(raw)) >= 2:
            return "md"
        return "md" if sum(1 for rx, _ in _MD_SIGNALS if rx.search(raw)) >= 2 else "txt"

    kinds = [sniff_format(r) for r in RAW]
    assert kinds == [slow(r) for r in RAW] and {"md", "txt"} <= set(kinds)


def test_dates_are_the_same_with_the_month_needles_and_without(monkeypatch):
    texts = [norm.normalize(r, "md").text for r in RAW]
    fast = [[(d.start, d.end, d.iso) for d in dates.find_dates(t, year_only=True)] for t in texts]
    monkeypatch.setattr(dates, "lowered", lambda text: None)  # every wording runs
    slow = [[(d.start, d.end, d.iso) for d in dates.find_dates(t, year_only=True)] for t in texts]
    assert fast == slow
    assert sum(map(len, fast)) > 300


@pytest.mark.parametrize("text, found", [
    ("2024 жылғы 19 сәуірде", ["2024-04-19"]),
    ("№12024 жылғы 19 сәуірде", []),          # no year inside a number
    ("x-2024 жылғы 19 сәуірде", []),
    ("(2021 жылдың қыркүйек айындағы", ["2021-09"]),
    ("1965 жылғы наурыз айының 18-інде", ["1965-03-18"]),
    ("«18» февраля 1991 года", ["1991-02-18"]),
    ("в мае 1997 года", ["1997-05"]),
    ("19.04.2024", ["2024-04-19"]),
    ("В МАЕ 1997 ГОДА", ["1997-05"]),
])
def test_dates_led_by_their_year_keep_the_boundary_before_it(text, found):
    assert [d.iso for d in dates.find_dates(text)] == found
