"""Template leftovers: blog and CMS furniture found while parsing (see ``scoring.text``).

``template_leftover_count``: furniture lines such as "Powered by Blogger." or "Leave a Reply"
(``lexicons/template_lines.txt``); >= 0, lower is more reliable. Paragraphs that follow a section
such as "Related Articles" are kept out of the body and shown as evidence, but not counted.
"""

from __future__ import annotations

from scoring.config import Config
from scoring.types import FamilyResult, FeatureResult, ParsedText


def analyze_template(parsed: ParsedText, config: Config) -> FamilyResult:
    lines = [e for e in parsed.leftovers if e.label == "template_leftover"]
    return FamilyResult(features=(
        FeatureResult("template_leftover_count", float(len(lines)), tuple(parsed.leftovers)),
    ))
