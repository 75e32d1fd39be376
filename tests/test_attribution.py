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
