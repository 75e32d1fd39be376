"""The weasel/hedge sentence evaluation, and the quality gates built on it.

``tests/quality/weasel_gate.csv`` holds 48 sentences written for this project (half uncertain,
half not, with the near-misses: "May 2026", "the might of", "could not be reached", a vague
quantity, a procedure with "may"). Its floor, and the floor on a sample of the CoNLL-2010 file,
are pinned a little below what was measured: lowering either is a visible decision, to be made
in a commit that says why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scoring.evaluation import fit_hedging
from scoring.evaluation.weasel import (
    detokenize,
    evaluate_weasel,
    main,
    read_sentences,
    split_of,
)
from scoring.features.hedging import MODEL_PATH, SENTENCE_FEATURES, read_hedge_model

ROOT = Path(__file__).resolve().parent.parent
GATE = ROOT / "tests" / "quality" / "weasel_gate.csv"
CONLL = ROOT.parent / "shared" / "data" / "conll2010-weasel-train" / "train.csv"

GATE_F1_FLOOR = 0.95  # measured 0.979 (precision 1.00, recall 0.96) with the fitted classifier
CONLL_F1_FLOOR = 0.50  # measured 0.542 (precision 0.46, recall 0.65) on the 500 sentences below


@pytest.mark.parametrize(("ptb", "text"), [
    ("The ferry -LRB- built in 1962 -RRB- was sold .", "The ferry (built in 1962) was sold."),
    ("He said `` it is n't over '' , and left .", 'He said "it isn\'t over", and left.'),
    ("The council 's plan ; a ` first' draft -LSB- sic -RSB- !", "The council's plan; a 'first' "
     "draft [sic]!"),
    ("Prices rose 5 % \\ n in May .", "Prices rose 5% in May."),
    ("Plain text, already detokenised.", "Plain text, already detokenised."),
])
def test_detokenize(ptb, text):
    assert detokenize(ptb) == text


def test_split_is_stable_and_about_seventy_percent():
    texts = [f"Sentence number {i}." for i in range(2000)]
    parts = [split_of(t) for t in texts]
    assert parts == [split_of(t) for t in texts]
    assert 0.65 < parts.count("tune") / len(parts) < 0.75


def test_read_sentences_selects_and_validates(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("text,label\n" + "".join(f"s{i},{i % 2}\n" for i in range(10)),
                    encoding="utf-8")
    assert read_sentences(path, every=3, limit=3) == [("s0", 0), ("s3", 1), ("s6", 0)]
    path.write_text("text,label\nfine,1\nbad,yes\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 3: label must be 0 or 1"):
        read_sentences(path)
    path.write_text("sentence,gold\nx,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing"):
        read_sentences(path)
    with pytest.raises(ValueError, match="valid"):
        read_sentences(path, split="dev")  # type: ignore[arg-type]


def test_gate_of_our_own_sentences(config):
    report = evaluate_weasel(GATE, config)
    assert report.n == 48 and report.tp + report.fn == 24
    assert report.f1 >= GATE_F1_FLOOR, report.as_markdown()
    assert report.fp <= 1, "a near-miss is flagged again: " + report.as_markdown()
    assert report.to_dict()["f1"] == report.f1
    assert "| precision | recall | F1 |" in report.as_markdown()


@pytest.mark.skipif(not CONLL.exists(), reason="../shared/data/conll2010-weasel-train is absent")
def test_conll2010_heldout_sample(config):
    # The file is sorted by label (its first 5,232 rows are all certain), so the sample takes
    # every 4th sentence of the held-out part instead of the first rows.
    report = evaluate_weasel(CONLL, config, split="heldout", every=4, limit=500)
    assert report.n == 500 and report.tp + report.fn > 100
    assert report.f1 >= CONLL_F1_FLOOR, report.as_markdown()


def test_main_prints_markdown_and_json(tmp_path, capsys):
    path = tmp_path / "s.csv"
    path.write_text('text,label\n"Some argue the plan failed .",1\nThe plan failed.,0\n',
                    encoding="utf-8")
    assert main([str(path)]) == 0
    out = capsys.readouterr().out
    table, _, payload = out.partition("\n\n{")
    assert "| 1.000 | 1.000 | 1.000 | 1 | 0 | 0 | 1 | 2 |" in table
    assert json.loads("{" + payload)["n"] == 2


def test_keyword_baseline_flags_any_listed_word(tmp_path, config):
    path = tmp_path / "s.csv"
    path.write_text("text,label\nMany homes lost power .,0\nThe plan failed.,0\n"
                    "Critics probably agree.,1\n", encoding="utf-8")
    report = evaluate_weasel(path, config, keywords=True)
    assert (report.tp, report.fp, report.fn, report.tn) == (1, 1, 0, 1)


def test_fit_is_deterministic_and_reads_only_the_tune_part(tmp_path, capsys):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    for out in (first, second):
        assert fit_hedging.main(["--train", str(GATE), "--out", str(out)]) == 0
    assert first.read_bytes() == second.read_bytes()
    data = json.loads(first.read_text(encoding="utf-8"))
    tune = read_sentences(GATE, split="tune")
    assert data["data"] | {"sha256": ""} == {"file": GATE.name, "sha256": "", "split": "tune",
                                             "rows": len(tune),
                                             "positives": sum(label for _, label in tune)}
    assert data["feature_names"] == list(SENTENCE_FEATURES)
    assert read_hedge_model(first).feature_names == SENTENCE_FEATURES
    assert "cross-validated F1" in capsys.readouterr().out


@pytest.mark.skipif(not CONLL.exists(), reason="../shared/data/conll2010-weasel-train is absent")
def test_shipped_model_was_fitted_on_this_data_file():
    import hashlib

    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["data"]["sha256"] == hashlib.sha256(CONLL.read_bytes()).hexdigest()
    assert data["data"]["rows"] == len(read_sentences(CONLL, split="tune"))
