import json

from scoring.cli import main

TEXT = ("Bridge repairs delayed\n\nMayor Ana Ruiz said on Monday that the bridge would "
        "reopen in June. Officials said the cost had doubled. The bridge is clearly unsafe.\r\n")


def test_explain_json_shape_and_offsets(tmp_path, capsys):
    path = tmp_path / "outlet" / "story.txt"
    path.parent.mkdir()
    path.write_bytes(TEXT.encode("utf-8"))
    assert main(["explain", str(tmp_path), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    [article] = payload["articles"]
    assert set(article) >= {"id", "path", "source", "title", "text", "score", "features",
                            "contributions", "sentences", "named_sources", "evidence"}
    assert article["source"] == "outlet"
    text = article["text"]
    assert text == TEXT.replace("\r\n", "\n") or text == TEXT
    labels = [(text[s["start"] : s["end"]], s["label"], s["sources"])
              for s in article["sentences"]]
    assert labels == [
        ("Mayor Ana Ruiz said on Monday that the bridge would reopen in June.",
         "attributed_named", ["Ana Ruiz"]),
        ("Officials said the cost had doubled.", "attributed_anonymous", ["officials"]),
        ("The bridge is clearly unsafe.", "unattributed", []),
    ]
    [person] = [s for s in article["named_sources"] if s["kind"] == "person"]
    assert [text[a:b] for a, b in person["mentions"]] == ["Mayor Ana Ruiz"]
    boosters = [text[e["start"] : e["end"]] for e in article["evidence"]
                if e["label"] == "booster"]
    assert boosters == ["clearly"]
    assert abs(article["baseline"] + sum(article["contributions"].values())
               - article["score"]) < 1e-6


def test_explain_exits_non_zero_when_nothing_can_be_scored(tmp_path, capsys):
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
    assert main(["explain", str(tmp_path)]) == 1
    output = capsys.readouterr()
    assert "empty" in output.out and "unsupported format: .png" in output.out
    assert output.err.startswith("Scored 0 of 2 inputs from 0 sources (2 skipped) in ")


def test_explain_summary_counts_add_up_and_exit_is_zero_when_one_article_scores(tmp_path,
                                                                               capsys):
    (tmp_path / "story.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "blank.md").write_text("", encoding="utf-8")
    assert main(["explain", str(tmp_path), "--json"]) == 0
    output = capsys.readouterr()
    payload = json.loads(output.out)
    assert len(payload["articles"]) + len(payload["skipped"]) == 2
    assert output.err.startswith("Scored 1 of 2 inputs from 1 source (1 skipped) in ")


def test_fit_and_eval_hand_over_to_their_modules(capsys):
    import pytest

    for argv, prog in ((["fit", "hedging", "--help"], "scoring.evaluation.fit_hedging"),
                       (["eval", "weasel", "--help"], "scoring.evaluation.weasel")):
        with pytest.raises(SystemExit) as stop:
            main(argv)
        assert stop.value.code == 0
        assert prog in capsys.readouterr().out
