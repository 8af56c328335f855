"""Every rule value names a source a reader can open: a public URL, or (for an estimate) the method in
docs/rules.md. No rule file points at the project's private spec files."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxben.rules import default_rules_dir

DOCS_RULES = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def _entries(rules):
    for name, p in rules.parameters.items():
        for v in p.values:
            yield f"{name} {v.date}", v
    for name, index in rules.indices.items():
        for year, v in index.values.items():
            yield f"index {name} {year}", v


@pytest.mark.parametrize("path", sorted(default_rules_dir().glob("*.yaml")), ids=lambda p: p.name)
def test_no_rule_file_points_at_the_private_spec(path):
    text = path.read_text(encoding="utf-8")
    assert "PARAMETERS" not in text and "shared/spec" not in text


def test_every_reference_can_be_opened(rules):
    # a citation without a URL is only accepted when it points into this repository's docs
    closed = [where for where, v in _entries(rules)
              if not v.reference.url and "docs/rules" not in (v.reference.citation or "")]
    assert closed == []


def test_every_estimate_points_to_its_method_in_docs_rules_md(rules):
    missing = [where for where, v in _entries(rules) if v.status == "estimated"
               and "docs/rules.md" not in (v.method or "") + str(v.reference.model_dump())]
    assert missing == []


def test_docs_rules_md_has_the_estimated_values_section():
    text = DOCS_RULES.read_text(encoding="utf-8")
    assert "## Estimated values" in text
    # every area with an estimate has its paragraph
    for topic in ("ATP", "boligsikring 2005", "Boligstøtteloft", "Særligt ungetillæg", "child benefits 2005-2007"):
        assert topic.lower() in text.lower(), topic
