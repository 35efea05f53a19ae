"""The project's own documentation: its links resolve inside the repository."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
# [text](target) with a relative target; web addresses and in-page anchors are left alone.
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _relative_links(document):
    for target in LINK.findall(document.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        yield target.split("#", 1)[0]


def test_the_docs_exist():
    names = {path.relative_to(ROOT).as_posix() for path in DOCUMENTS}
    assert {"docs/ARCHITECTURE.md", "docs/CONTRIBUTING.md", "docs/GLOSSARY-cy.md", "docs/PRODUCT.md",
            "docs/decisions/0001-email-outbox.md", "docs/decisions/0002-central-access-enforcement.md",
            "docs/decisions/0003-test-database-strategy.md"} <= names


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_links_resolve_inside_the_repository(document):
    for target in _relative_links(document):
        resolved = (document.parent / target).resolve()
        assert resolved.is_relative_to(ROOT), f"{document.name} links outside the repository: {target}"
        assert resolved.exists(), f"{document.name} links to a missing file: {target}"
    assert "../shared" not in document.read_text(encoding="utf-8")
