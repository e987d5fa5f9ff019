"""Identity across documents (kg/graph/resolve.py), on the seed records and on made-up ones."""

import copy

from graph_support import corpus_by_prefix, corpus_records, cross_document, iri

from kg.graph import ids
from kg.graph.resolve import SourceRecord, content_stems, resolve, stem_candidates, title_type


def src(rec: dict) -> SourceRecord:
    return SourceRecord(ids.source_id(rec["source"]), rec["source"], rec, language=rec.get("language", "kk"))


def treaty(source, date, parties=("KZ", "KG"), title="Қазақстан Республикасы мен Қырғыз Республикасы арасындағы "
           "Мәңгілік достық туралы шарт", itype="treaty", refs=(), ratification=None, language="kk", articles=22):
    return {
        "source": source, "kind": "treaty", "title": {language: title}, "instrument_type": itype,
        "level": "interstate", "parties": [{"country": p, "body": "state"} for p in parties],
        "signed": {"date": date, "place": "Almaty"}, "ratification": ratification,
        "references": list(refs), "articles": [], "article_count": articles, "language": language,
    }


def article(source, mentions=(), laws=()):
    return {"source": source, "kind": "article", "title": {"kk": "Мақала"}, "authors": [], "year": None,
            "keywords": {}, "citations": [], "treaties_mentioned": list(mentions), "laws_mentioned": list(laws),
            "events": []}


def test_stems_collapse_the_inflected_forms_of_a_title():
    assert all("шарт" in stem_candidates(w) for w in ("шартты", "шартқа", "шарттың", "шарты", "шарт"))
    assert content_stems("одақтастық қатынастар туралы шарт") == content_stems(
        "Қазақстан Республикасы мен Қырғыз Республикасы арасындағы Одақтастық қатынастар туралы шартқа")
    assert title_type("Мәңгілік достық туралы шартты") == "treaty"
    assert title_type("көші-қон саласындағы ынтымақтастық туралы келісім") == "agreement"
    assert title_type("Договор о дружбе и сотрудничестве") == "treaty"


def test_the_seed_corpus_resolves_as_cross_document_json_says():
    res = resolve([src(r) for r in corpus_records()])
    gold = cross_document()
    for same in gold["same_treaty"]:
        node = res.instruments[iri(same["id"])]
        sids = set(node.documented_by) | set(node.mentioned_by)
        assert {ids.source_id(f) for f in same["mentioned_in"]} <= sids, same
    # one node per instrument: no other node carries the same parties and year
    keys = [n.key for n in res.instruments.values() if n.key]
    assert len(keys) == len(set(keys))
    for law, treaty_key in gold["ratifies"]:
        assert iri(treaty_key) in res.acts[iri(law)].ratifies


def test_a_year_only_mention_resolves_to_the_one_candidate():
    seeds = corpus_by_prefix()
    recs = [seeds["000"], seeds["001"]]
    res = resolve([src(r) for r in recs])
    mention = next(i for i, m in enumerate(recs[1]["treaties_mentioned"]) if m["date"] == "2003")
    assert res.claim_iri[("001_b841a6e1d22a4f9c", ("mention", mention))] == iri("treaty:KZ-KG:2003-12-25")
    decision = next(d for d in res.decisions if d.mention_key == "treaty:KZ-KG:2003")
    assert decision.resolved_to == iri("treaty:KZ-KG:2003-12-25")


def test_a_year_only_mention_with_two_candidates_stays_unresolved_with_them_listed():
    a = treaty("a.txt", "2003-12-25", title="Одақтастық қатынастар туралы шарт")
    b = treaty("b.txt", "2003-06-01", title="Одақтастық қатынастар туралы шарт туралы хаттама", itype="protocol")
    c = treaty("c.txt", "2003-03-03", title="Одақтастық қатынастарды дамыту туралы шарт")
    m = article("m.txt", mentions=[{"date": "2003", "parties": ["KZ", "KG"], "title": "одақтастық қатынастар туралы шарт"}])
    res = resolve([src(r) for r in (a, c, m)])
    node = res.instruments[res.claim_iri[("m", ("mention", 0))]]
    assert node.unresolved and node.year == "2003"
    assert set(node.candidates) == {iri("treaty:KZ-KG:2003-12-25"), iri("treaty:KZ-KG:2003-03-03")}
    # with the title that only one of them has, it resolves (the protocol's type does not fit)
    res = resolve([src(r) for r in (a, b, m)])
    assert res.claim_iri[("m", ("mention", 0))] == iri("treaty:KZ-KG:2003-12-25")


def test_resolution_does_not_depend_on_the_order_of_the_documents():
    recs = [src(r) for r in corpus_records()]
    assert resolve(recs).claim_iri == resolve(list(reversed(recs))).claim_iri


def test_two_instruments_signed_the_same_day_by_the_same_parties_stay_two_nodes():
    a = treaty("a.txt", "2019-05-05", title="Қазақстан Республикасы мен Қырғыз Республикасы арасындағы "
               "мемлекеттік шекараны демаркациялау туралы шарт")
    b = treaty("b.txt", "2019-05-05", itype="agreement", title="Қазақстан Республикасының Үкіметі мен Қырғыз "
               "Республикасының Үкіметі арасындағы су ресурстарын пайдалану туралы келісім")
    ref = {"target": "treaty", "date": "2019-05-05", "parties": ["KZ", "KG"], "relation": "cites",
           "title": "су ресурстарын пайдалану туралы келісім"}
    c = treaty("c.txt", "2020-01-01", refs=[ref])
    res = resolve([src(a), src(b), src(c)])
    ia, ib = res.claim_iri[("a", ("self",))], res.claim_iri[("b", ("self",))]
    assert ia != ib
    assert ia.startswith(iri("treaty:KZ-KG:2019-05-05") + "/") and ib.startswith(iri("treaty:KZ-KG:2019-05-05") + "/")
    assert res.claim_iri[("c", ("ref", 0))] == ib  # the reference names the agreement by its title


def test_the_kazakh_and_russian_texts_of_one_treaty_are_one_node():
    kk = treaty("kaz.txt", "1997-04-08")
    ru = treaty("rus.txt", "1997-04-08", language="ru", title="Договор о вечной дружбе между Республикой "
                "Казахстан и Кыргызской Республикой")
    res = resolve([src(kk), src(ru)])
    node = res.instruments[iri("treaty:KZ-KG:1997-04-08")]
    assert set(node.documented_by) == {"kaz", "rus"}
    assert dict(node.titles).keys() == {"kk", "ru"}


def test_an_instrument_known_by_reference_keeps_its_iri_when_its_text_arrives():
    gold = corpus_by_prefix()
    before = resolve([src(gold["000"]), src(gold["001"])])
    node = before.instruments[iri("treaty:KZ-KG:1997-04-08")]
    assert node.reference_only
    text = treaty("1997.txt", "1997-04-08")
    after = resolve([src(gold["000"]), src(gold["001"]), src(text)])
    node = after.instruments[iri("treaty:KZ-KG:1997-04-08")]
    assert not node.reference_only and node.documented_by == ("1997",)
    assert after.claim_iri[("000_12ecf27d1504b882", ("ref", 0))] == node.iri


def test_ratifying_acts_are_nodes_linked_to_what_they_ratify():
    no_number = {"act": "law", "number": None, "date": None}
    a = treaty("a.txt", "2005-05-24", parties=("KZ", "AZ"), ratification=no_number)
    res = resolve([src(a)])
    act = res.acts[res.act_iri[("a", ("ratification",))]]
    assert act.iri == ids.ns.ID + "law/kz/ratifying/kz-az/2005-05-24"
    assert act.ratifies == (iri("treaty:KZ-AZ:2005-05-24"),)
    # another document that gives the number makes it the same act
    m = article("m.txt", laws=[{"number": "52-III", "date": "2006-01-10", "ratifies": "treaty:AZ-KZ:2005-05-24"}])
    res = resolve([src(a), src(m)])
    assert res.act_iri[("a", ("ratification",))] == res.act_iri[("m", ("law", 0))] == iri("law:KZ:52-III:2006-01-10")


def test_records_are_not_changed_by_resolution():
    recs = corpus_records()
    before = copy.deepcopy(recs)
    resolve([src(r) for r in recs])
    assert recs == before


# ---------------------------------------------------------------------------------------------
# Same parties, same day: references to the other instrument, texts of two instruments

_PARTNERSHIP = "Қазақстан Республикасы мен Болгария Республикасы арасындағы стратегиялық әріптестік туралы шарт"
_FRIENDSHIP = "Қазақстан Республикасы мен Болгария Республикасы арасындағы Мәңгілік достық туралы шарт"


def _guided_by(title):
    return {"target": "treaty", "date": "1995-07-03", "parties": ["KZ", "BG"], "relation": "guided_by",
            "title": title}


def test_a_treaty_guided_by_another_of_the_same_day_cites_that_one_not_itself():
    a = treaty("a.txt", "1995-07-03", parties=("KZ", "BG"), title=_PARTNERSHIP, refs=[_guided_by(_FRIENDSHIP)])
    b = treaty("b.txt", "1995-07-03", parties=("KZ", "BG"), title=_FRIENDSHIP, articles=18)
    for order in ([a, b], [b, a]):
        res = resolve([src(r) for r in order])
        ia, ib = res.claim_iri[("a", ("self",))], res.claim_iri[("b", ("self",))]
        assert ia != ib
        assert res.claim_iri[("a", ("ref", 0))] == ib


def test_a_same_day_reference_never_resolves_to_the_citing_text_itself():
    # the other treaty's text is not in the corpus, and the reference's title was not read:
    # still not the citing instrument (NoSelfCitation), but a node of its own
    a = treaty("a.txt", "1995-07-03", parties=("KZ", "BG"), title=_PARTNERSHIP, refs=[_guided_by(None)])
    res = resolve([src(a)])
    assert res.claim_iri[("a", ("ref", 0))] != res.claim_iri[("a", ("self",))]
    # and with a title, the cited treaty is a reference-only node
    a = treaty("a.txt", "1995-07-03", parties=("KZ", "BG"), title=_PARTNERSHIP, refs=[_guided_by(_FRIENDSHIP)])
    res = resolve([src(a)])
    cited = res.instruments[res.claim_iri[("a", ("ref", 0))]]
    assert cited.iri != res.claim_iri[("a", ("self",))] and cited.reference_only


def test_two_agreements_of_one_day_whose_titles_differ_only_in_the_field_stay_two():
    # "сотрудничестве в области" is in every title: it must not make two titles alike
    t = "Соглашение между Правительством Республики Казахстан и Правительством Эритреи о сотрудничестве в области {}"
    a = treaty("a.txt", "1999-05-17", parties=("KZ", "ER"), itype="agreement", language="ru", title=t.format("миграции"))
    b = treaty("b.txt", "1999-05-17", parties=("KZ", "ER"), itype="agreement", language="ru", title=t.format("транспорта"))
    res = resolve([src(a), src(b)])
    assert res.claim_iri[("a", ("self",))] != res.claim_iri[("b", ("self",))]


def test_a_kazakh_and_a_russian_text_of_two_agreements_of_one_day_stay_two():
    kk = treaty("kaz.txt", "1998-03-17", parties=("KZ", "AF"), itype="agreement", title="Қазақстан Республикасының "
                "Үкіметі мен Ауғанстан Үкіметі арасындағы білім беру саласындағы ынтымақтастық туралы келісім")
    ru = treaty("rus.txt", "1998-03-17", parties=("KZ", "AF"), itype="agreement", language="ru", title="Соглашение "
                "между Правительством Республики Казахстан и Правительством Афганистана о воздушном сообщении")
    res = resolve([src(kk), src(ru)])
    assert res.claim_iri[("kaz", ("self",))] != res.claim_iri[("rus", ("self",))]  # different final clauses aside,
    # the fields of the titles differ (education, transport); with final clauses that differ too:
    kk2, ru2 = copy.deepcopy(kk), copy.deepcopy(ru)
    ru2["title"] = {"ru": "Соглашение между Правительством Республики Казахстан и Правительством Афганистана"}
    kk2["duration"], ru2["duration"] = "indefinite", "5 years"
    res = resolve([src(kk2), src(ru2)])
    assert res.claim_iri[("kaz", ("self",))] != res.claim_iri[("rus", ("self",))]


def test_two_amending_protocols_of_one_day_and_parties_stay_two_and_each_keeps_its_title():
    # two protocols signed at Majuro the same day, amending the 1994 air services agreement and
    # the 2002 road transport agreement: their titles share six content words in ten
    head = "Қазақстан Республикасының Үкіметі мен Маршалл Аралдары Республикасы Үкіметі арасындағы "
    air = treaty("air.txt", "2006-09-17", parties=("KZ", "MH"), itype="protocol", articles=0,
                 title="1994 жылғы 28 қазандағы " + head + "әуе қатынасы туралы келісімге өзгерістер мен "
                 "толықтырулар енгізу туралы хаттама",
                 refs=[{"target": "treaty", "date": "1994-10-28", "parties": ["KZ", "MH"], "relation": "amends",
                        "title": head + "әуе қатынасы туралы келісім"}])
    road = treaty("road.txt", "2006-09-17", parties=("KZ", "MH"), itype="protocol", articles=0,
                  title="2002 жылғы 13 маусымдағы " + head + "халықаралық автомобиль қатынасы туралы келісімге "
                  "өзгерістер енгізу туралы хаттама",
                  refs=[{"target": "treaty", "date": "2002-06-13", "parties": ["KZ", "MH"], "relation": "amends",
                         "title": head + "халықаралық автомобиль қатынасы туралы келісім"}])
    for order in ([air, road], [road, air]):
        res = resolve([src(r) for r in order])
        a, r = res.claim_iri[("air", ("self",))], res.claim_iri[("road", ("self",))]
        assert a != r
        # each text's title is its node's dcterms:title: the shapes ask it of every text
        assert res.primary_title[("air", a)] == ("kk",) and res.primary_title[("road", r)] == ("kk",)
    # without the amended dates, the titles alone keep them apart
    for rec in (air, road):
        rec["references"] = []
    res = resolve([src(air), src(road)])
    assert res.claim_iri[("air", ("self",))] != res.claim_iri[("road", ("self",))]


def test_a_database_text_and_a_mirror_copy_of_one_act_are_one_instrument():
    t = "Қазақстан Республикасының Үкіметі мен Ауғанстан Үкіметі арасындағы білім беру саласындағы ынтымақтастық туралы келісім"
    a = treaty("0419.txt", "1998-03-17", parties=("KZ", "AF"), itype="agreement", title=t)
    b = treaty("mirror/kaz.md", "1998-03-17", parties=("KZ", "AF"), itype="agreement", title=t.upper())
    res = resolve([src(a), src(b)])
    assert res.claim_iri[(src(a).sid, ("self",))] == res.claim_iri[(src(b).sid, ("self",))]


def test_the_kazakh_and_russian_texts_of_one_agreement_stay_one_with_the_same_final_clauses():
    kk = treaty("kaz.txt", "1998-03-17", parties=("KZ", "AF"), itype="agreement", title="Қазақстан Республикасының "
                "Үкіметі мен Ауғанстан Үкіметі арасындағы білім беру саласындағы ынтымақтастық туралы келісім")
    ru = treaty("rus.txt", "1998-03-17", parties=("KZ", "AF"), itype="agreement", language="ru", title="Соглашение "
                "между Правительством Республики Казахстан и Правительством Афганистана о сотрудничестве в области "
                "образования")
    for r in (kk, ru):
        r["duration"] = "5 years"
        r["termination_notice"] = {"amount": 6, "unit": "month"}
    res = resolve([src(kk), src(ru)])
    assert res.claim_iri[("kaz", ("self",))] == res.claim_iri[("rus", ("self",))]


def test_a_reference_with_the_texts_own_title_stays_a_self_citation_for_the_shapes_to_report():
    # an extraction error ("this Treaty" read as a reference) must not be hidden by a new node
    a = treaty("a.txt", "1995-07-03", parties=("KZ", "BG"), title=_PARTNERSHIP, refs=[_guided_by(_PARTNERSHIP)])
    res = resolve([src(a)])
    assert res.claim_iri[("a", ("ref", 0))] == res.claim_iri[("a", ("self",))]
    # but another instrument of the day with that title is the better answer
    b = treaty("b.txt", "1995-07-03", parties=("KZ", "BG"), title=_PARTNERSHIP, articles=18)
    b["duration"], a["duration"] = "10 years", "indefinite"
    res = resolve([src(a), src(b)])
    assert res.claim_iri[("a", ("ref", 0))] == res.claim_iri[("b", ("self",))] != res.claim_iri[("a", ("self",))]


def test_any_state_in_a_title_is_a_party_not_its_subject():
    """Hungary, Thailand, Poland are not in any list of usual partners: the gazetteer of every
    state says their names (and the adjectives made from them) are parties, not content."""
    from kg.graph.resolve import content_stems

    def words(title, lang):
        return sorted(min(s, key=len) for s in content_stems(title, lang))

    assert words("Соглашение между Правительством Республики Казахстан и Правительством Венгерской "
                 "Республики о международном автомобильном сообщении", "ru") == \
        words("Соглашение о международном автомобильном сообщении", "ru")
    assert "польск" not in words("Договор о казахстанско-польском сотрудничестве и польских портах", "ru")
    assert "таиланд" not in words("Тайланд Корольдігі Үкіметі мен Қазақстан Республикасы Үкіметі арасындағы "
                                  "әуе қатынасы туралы келісім", "kk")
    # a word that merely opens like a short name stays: "пользование" is not Poland
    assert "пользован" in words("Соглашение о пользовании портами", "ru")


def test_a_draft_is_an_instrument_and_a_text_without_its_date_joins_its_folders_other_text():
    """A draft approved for signature states no signing date in either text: one instrument,
    documented by both, not a mention left unresolved. Where only one text of a mirror folder
    lost its date, that text joins the instrument its other text dates."""
    ru_title = "Соглашение между Республикой Казахстан и Кыргызской Республикой о вечной дружбе"
    draft = [treaty("d/kaz.md", None), treaty("d/rus.md", None, title=ru_title, language="ru")]
    half = [treaty("h/kaz.md", None, title="Қазақстан Республикасы мен Қырғыз Республикасы арасындағы "
                   "сауда туралы келісім"),
            treaty("h/rus.md", "2016-04-14", title="Соглашение между Республикой Казахстан и Кыргызской "
                   "Республикой о торговле", language="ru")]
    sources = [src(r) for r in draft + half]
    res = resolve(sources)
    nodes = {}
    for s in sources:
        nodes.setdefault(res.claim_iri[(s.sid, ("self",))], []).append(s.record["source"])
    assert sorted(map(sorted, nodes.values())) == [["d/kaz.md", "d/rus.md"], ["h/kaz.md", "h/rus.md"]]
    for node_iri, paths in nodes.items():
        node = res.instruments[node_iri]
        assert not node.unresolved and len(node.documented_by) == 2, (paths, node)
        assert node.date == ("2016-04-14" if paths[0].startswith("h/") else None)
        assert any(res.primary_title.get((s.sid, node_iri)) for s in sources if s.record["source"] in paths)
