from conftest import parse

from scoring.text import is_heading, split_paragraphs


def spans_text(text, spans):
    return [text[s.start : s.end] for s in spans]


def test_empty_text_gives_no_sentences():
    parsed = parse("")
    assert parsed.paragraphs == () and parsed.sentences == () and parsed.title is None


def test_blank_lines_separate_paragraphs_and_offsets_are_exact():
    text = "Headline here\n\nFirst sentence is here. Second one follows.\n\n  Third para.  "
    parsed = parse(text)
    assert spans_text(text, parsed.paragraphs) == [
        "Headline here", "First sentence is here. Second one follows.", "Third para."]
    body = [text[s.start : s.end] for s in parsed.body_sentences]
    assert body == ["First sentence is here.", "Second one follows.", "Third para."]
    assert text[parsed.title.start : parsed.title.end] == "Headline here"


def test_one_paragraph_per_line_text_is_split_at_each_line():
    text = "Title line\nA first paragraph that ends here.\nA second paragraph follows it."
    assert spans_text(text, split_paragraphs(text)) == [
        "Title line", "A first paragraph that ends here.", "A second paragraph follows it."]


def test_hard_wrapped_text_stays_one_paragraph():
    text = ("The council met on Monday evening to discuss the budget for the\n"
            "coming year, and members argued for more than three hours about\n"
            "the cost of the new bridge.")
    assert len(split_paragraphs(text)) == 1


def test_template_leftovers_are_kept_out_of_the_body():
    text = ("Header Ads\n\nCouncil approves budget\n\nThe council approved the budget on "
            "Monday, the mayor said.\n\nRelated Articles\n\nAnother story teaser about "
            "something else entirely.\n\nLeave a Reply")
    parsed = parse(text)
    body = [text[s.start : s.end] for s in parsed.body_sentences]
    assert body == ["The council approved the budget on Monday, the mayor said."]
    leftovers = {text[e.start : e.end]: e.label for e in parsed.leftovers}
    assert leftovers["Header Ads"] == "template_leftover"
    assert leftovers["Related Articles"] == "template_leftover"
    assert leftovers["Another story teaser about something else entirely."] == "template_tail"


def test_near_miss_a_sentence_mentioning_comments_is_body_text():
    text = "Residents left 300 comments on the plan before the council vote, officials said."
    parsed = parse(text)
    assert parsed.leftovers == ()
    assert len(parsed.body_sentences) == 1


def test_heading_detection():
    assert is_heading("Trump's Role and the Path to Peace")
    assert not is_heading("The mayor said the plan was final.")
