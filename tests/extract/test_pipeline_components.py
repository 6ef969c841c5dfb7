from __future__ import annotations

from watchfloor.extract import COMPONENTS, load_pipeline


def test_components_declare_what_they_read_and_write() -> None:
    nlp = load_pipeline("en")
    assert [name for name in nlp.pipe_names if name.startswith("watchfloor")] == [
        "watchfloor_paragraphs",
        *COMPONENTS,
    ]
    analysis = nlp.analyze_pipes(pretty=False)
    assert analysis is not None
    assert analysis["problems"] == {name: [] for name in nlp.pipe_names}
    for name in COMPONENTS:
        summary = analysis["summary"][name]
        assert summary["assigns"], f"{name} must say what it writes"
        assert summary["requires"], f"{name} must say what it reads"
    assert nlp.pipe_names.index("watchfloor_paragraphs") < nlp.pipe_names.index("parser")
