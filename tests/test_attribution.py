import pytest
from conftest import analyze, evidence_texts


def labels(analysis):
    text = analysis.article.text
    return [(text[s.start : s.end], s.label) for s in analysis.sentences]


def test_empty_text_has_defined_values():
    analysis = analyze("")
    assert analysis.features["unattributed_share"] == 0.0
    assert analysis.features["named_source_count"] == 0.0
    assert analysis.sentences == ()


@pytest.mark.parametrize(("sentence", "label", "source"), [
    ("Mayor Ana Ruiz said the bridge would reopen in June.", "attributed_named", "Ana Ruiz"),
    ("The bridge will reopen in June, according to the county transport department.",
     "attributed_named", "county transport department"),
    ("“We are on schedule,” said Ana Ruiz, the mayor.", "attributed_named", "Ana Ruiz"),
    ("Officials said the bridge would reopen in June.", "attributed_anonymous", "officials"),
    ("Sources familiar with the matter said the deal was close.", "attributed_anonymous",
     "sources familiar with the matter"),
])
def test_attributed_sentences(sentence, label, source):
    analysis = analyze(sentence)
    assert labels(analysis) == [(sentence, label)]
    assert analysis.sentences[0].sources == (source,)


def test_unattributed_claim_is_evidence():
    text = "The bridge will reopen in June after years of delays and cost overruns."
    analysis = analyze(text)
    assert labels(analysis) == [(text, "unattributed")]
    assert evidence_texts(analysis, "unattributed_claim") == [text]
    assert analysis.features["unattributed_share"] == 1.0


@pytest.mark.parametrize("sentence", [
    "Will the bridge reopen in June?",
    "Send your questions to the newsroom before Friday.",
    "Breaking update.",
])
def test_not_a_claim(sentence):
    assert labels(analyze(sentence))[0][1] == "not_a_claim"


def test_near_miss_a_belief_verb_without_a_clause_is_not_attribution():
    text = "Police found a body near the river on Tuesday morning after a long search."
    assert labels(analyze(text))[0][1] == "unattributed"


def test_a_belief_verb_with_a_clause_is_attribution():
    text = "Officials believe that the fire started in the kitchen of the restaurant."
    assert labels(analyze(text))[0][1] == "attributed_anonymous"


def test_pronoun_resolves_to_previous_named_person_and_merges_surname():
    text = ("Council member Priya Nandakumar said the vote was rushed. "
            "She added that residents had not been consulted. "
            "Nandakumar told reporters the council would revisit it.")
    analysis = analyze(text)
    assert [label for _, label in labels(analysis)] == ["attributed_named"] * 3
    assert analysis.sentences[1].sources == ("Priya Nandakumar",)
    people = [s for s in analysis.named_sources if s.kind == "person"]
    assert [(p.name, len(p.mentions)) for p in people] == [("Priya Nandakumar", 3)]
    assert analysis.features["named_source_count"] == 1.0


def test_open_quote_carries_its_speaker_into_the_next_sentence():
    text = ("“The repairs are overdue,” said engineer Tomas Berg. “We found cracks in three "
            "beams. They have to be replaced before winter.”")
    analysis = analyze(text)
    assert [label for _, label in labels(analysis)] == ["attributed_named"] * 3
    assert analysis.sentences[2].sources == ("Tomas Berg",)


def test_source_kinds_and_shares():
    text = ("According to Reuters, the talks resumed on Tuesday. "
            "The Kremlin said the meeting was productive. "
            "Analysts note that little has changed since the spring. "
            "Prices rose by ten percent over the summer months.")
    analysis = analyze(text)
    kinds = {s.name: s.kind for s in analysis.named_sources}
    assert kinds["Reuters"] == "publication"
    assert kinds["Kremlin"] == "government"
    assert kinds["analysts"] == "anonymous"
    assert analysis.features["attributed_named_share"] == pytest.approx(0.5)
    assert analysis.features["attributed_anonymous_share"] == pytest.approx(0.25)
    assert analysis.features["unattributed_share"] == pytest.approx(0.25)
    assert evidence_texts(analysis, "anonymous_source") == ["Analysts"]


def test_lexical_only_mode_finds_named_and_anonymous_sources_without_a_parser():
    from conftest import make_article

    from scoring.config import Config
    from scoring.pipeline import analyze_article

    text = ("Mayor Ana Ruiz said the bridge would reopen in June. Officials said the cost had "
            "doubled. The bridge has been closed for two years and traffic is heavy.")
    analysis = analyze_article(make_article(text), Config(language_model="blank"))
    assert [(text[s.start : s.end], s.label) for s in analysis.sentences] == [
        ("Mayor Ana Ruiz said the bridge would reopen in June.", "attributed_named"),
        ("Officials said the cost had doubled.", "attributed_anonymous"),
        ("The bridge has been closed for two years and traffic is heavy.", "unattributed"),
    ]
    assert analysis.sentences[0].sources == ("Ana Ruiz",)


# --- the fitted model and the sources it may credit ---------------------------------------------

@pytest.mark.parametrize(("sentence", "label", "source", "kind"), [
    # a reporting verb with only an object and what is said of it: the rules turn it down, the
    # fitted model credits its subject (issue 16: "... labeled the claim a fabrication")
    ("Mayor Ana Ruiz labeled the audit a fabrication meant to delay the vote on the bridge.",
     "attributed_named", "Ana Ruiz", "person"),
    # nouns for people and for the documents that speak for them are sources
    ("A witness said the ferry left the pier ten minutes early.", "attributed_anonymous",
     "a witness", "anonymous"),
    ("The survey shows that most islanders want an earlier ferry.", "attributed_anonymous",
     "the survey", "anonymous"),
    ("The lawsuit alleges that the harbor board ignored safety warnings.",
     "attributed_anonymous", "the lawsuit", "anonymous"),
])
def test_sources_the_model_credits(sentence, label, source, kind):
    analysis = analyze(sentence)
    assert labels(analysis) == [(sentence, label)]
    assert analysis.sentences[0].sources == (source,)
    assert [(s.name, s.kind) for s in analysis.named_sources] == [(source, kind)]
    start, end = analysis.sentences[0].source_spans[0]
    assert sentence[start:end].lower().endswith(source.split()[-1].lower())


@pytest.mark.parametrize("sentence", [
    # near-misses: the subject of a reporting verb that cannot speak credits nobody
    "With tempers rising and deadlines slipping, the dispute underscores how fragile the deal "
    "has become.",
    "The episode shows how quickly a budget can unravel under pressure.",
    "Rumours and recriminations suggest that the talks are stalling.",
    # a negated reporting verb credits no claim
    "Harbor chief Teodor Vance did not say whether the ferry would run in winter.",
])
def test_nouns_that_cannot_speak_are_never_sources(sentence):
    analysis = analyze(sentence)
    assert labels(analysis) == [(sentence, "unattributed")]
    assert analysis.named_sources == ()


def test_a_quotation_takes_the_speaker_credited_two_paragraphs_before():
    text = ("Mayor Ana Ruiz said the bridge would reopen in June.\n\n"
            "The bridge has been closed for two years.\n\n"
            "\u201cWe checked every beam twice. Nothing was left to chance.\u201d")
    analysis = analyze(text)
    assert [label for _, label in labels(analysis)] == [
        "attributed_named", "unattributed", "attributed_named", "attributed_named"]
    quoted = analysis.sentences[2]
    assert quoted.sources == ("Ana Ruiz",)
    assert [text[a:b] for a, b in quoted.source_spans] == ["Mayor Ana Ruiz"]
    notes = [e.note for e in analysis.evidence
             if e.label == "attributed_named" and e.start == quoted.start]
    assert notes == ["continues a quotation by Ana Ruiz (person, 'said')"]


def test_every_credited_sentence_shows_its_source_and_cue():
    text = ("Officials said the bridge would close for repairs. \u201cIt is overdue,\u201d said "
            "engineer Tomas Berg. The survey shows that most residents agree. Mayor Ana Ruiz "
            "labeled the audit a fabrication meant to delay the vote on the bridge. Traffic was "
            "heavy on Monday morning in the town.")
    analysis = analyze(text)
    credited = [s for s in analysis.sentences if s.label.startswith("attributed")]
    assert len(credited) == 4
    for sentence in credited:
        assert sentence.source_spans and all(sentence.start <= a < b <= sentence.end
                                             for a, b in sentence.source_spans)
        [note] = [e.note for e in analysis.evidence
                  if e.label == sentence.label and e.start == sentence.start]
        assert note.startswith("credited to ") and "'" in note  # the cue, quoted


def test_the_shipped_model_is_data_that_matches_the_word_lists():
    from scoring.features.attribution_model import (
        FEATURE_NOTES,
        fitted_model,
        lexicons_digest,
    )

    model = fitted_model()
    assert model is not None and model.lexicons == lexicons_digest()
    weights = model.attributed
    # every input is documented, by name or by its one-hot prefix ("lemma=say")
    assert all(name in FEATURE_NOTES or name.split("=")[0] + "=" in FEATURE_NOTES
               for name in weights.features)
    assert {"rule_attributed", "credited_share", "carried", "lemma=say"} <= set(weights.features)
    about = model.about
    assert about["articles"] == 840 and "c3eee83" in about["trained_on"]
    # the figures written with it: the model's cross-validated F1 beats the rules on train.
    # Measured: CV F1 0.846 (P 0.875, R 0.818), named vs. anonymous 0.956, source recall 0.562;
    # the rules alone 0.806, 0.963, 0.536. Floors a little below; lowering one is a decision.
    cv = about["model_cv_on_train"]
    assert cv["f1"] > about["rules_on_train"]["f1"]
    assert cv["f1"] >= 0.84 and cv["named_anonymous_accuracy"] >= 0.95
    assert cv["source_recall"] >= 0.55


def test_model_contributions_add_up_and_files_round_trip(tmp_path):
    import json
    import math

    from scoring.features.attribution_model import fitted_model, load_model, model_path, write_model

    model = fitted_model()
    features = {"rule_attributed": 1.0, "rule_cue": 1.0, "credited_share": 0.9, "lemma=say": 1.0,
                "class=speech": 1.0, "cue_position": 0.1, "unknown feature": 5.0}
    weights = model.attributed
    logit = weights.intercept + sum(weights.contributions(features).values())
    assert weights.probability(features) == pytest.approx(1 / (1 + math.exp(-logit)))
    copy = tmp_path / "attribution.json"
    write_model(load_model(model_path()), copy)
    assert copy.read_bytes() == model_path().read_bytes()  # written deterministically
    data = json.loads(copy.read_text(encoding="utf-8"))
    data["lexicons"] = "0" * 16
    copy.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="other word lists"):
        load_model(copy)


def test_without_a_model_the_rules_decide():
    from scoring.features.attribution import attribution_result, sentence_decisions
    from scoring.text import parse_text

    text = "Mayor Ana Ruiz labeled the audit a fabrication meant to delay the vote on the bridge."
    decisions = sentence_decisions(parse_text(text))
    assert [d.rule_label for d in decisions] == ["unattributed"]  # no clause: the rules say no
    assert [s.label for s in attribution_result(decisions, None).sentences] == ["unattributed"]
    # a speech act whose object is what it credits: a candidate only the model may accept
    assert decisions[0].options and decisions[0].features["content"] == 0.0


def test_a_surname_the_recogniser_calls_an_organisation_is_the_person_named_before():
    from scoring.features.attribution import Attribution, _as_person, _Cue

    def cue(name, kind):
        return _Cue(Attribution("told", name, kind, 0, len(name), 10, "organization"), "tell",
                    "speech", True)

    people = {"kolfage"}
    assert _as_person(cue("Kolfage", "organization"), people).attribution.kind == "person"
    assert _as_person(cue("Kolfage", "government"), people).attribution.kind == "person"
    # a publication, a body of several words or a name nobody bears stays what it was
    assert _as_person(cue("Kolfage", "publication"), people).attribution.kind == "publication"
    assert _as_person(cue("Kolfage Group", "organization"), people).attribution.kind == \
        "organization"
    assert _as_person(cue("Reuters", "organization"), people).attribution.kind == "organization"
