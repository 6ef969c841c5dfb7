"""CSV and TSV files of news: one article per row, from files, URLs' bytes and the CLI.
Rows written for these tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

from watchfloor.cli import main
from watchfloor.errors import IngestError
from watchfloor.ingest import read_articles, read_item
from watchfloor.ingest._sources import RawItem
from watchfloor.settings import load_settings
from watchfloor.store import open_store
from watchfloor.types import Article, Rejection, RejectReason

ROWS = [
    {
        "headline": "Ferry service to the island resumes",
        "articleBody": "The harbour authority said on Monday that the ferry would sail "
        "again from Tuesday, after repairs to the pier.",
        "date": "2024-05-06",
        "url": "https://example.org/ferry",
        "section": "local",
    },
    {
        "headline": "Council approves new library",
        "articleBody": "Councillors voted 9 to 2 for the library,\nwhich will open in 2026 "
        'on the old market square, the mayor\'s office said. "A good day," she said.',
        "date": "2024-05-07",
        "url": "https://example.org/library",
        "section": "politics",
    },
    {
        "headline": "An empty row",
        "articleBody": "   ",
        "date": "2024-05-08",
        "url": "https://example.org/empty",
        "section": "none",
    },
]


def _csv(rows: list[dict[str, str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_a_csv_file_is_one_article_per_row(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(_csv(ROWS), encoding="utf-8")
    results = list(read_articles([str(path)], settings=load_settings(db=str(tmp_path / "x.db"))))
    articles = [r for r in results if isinstance(r, Article)]
    assert [a.title for a in articles] == [ROWS[0]["headline"], ROWS[1]["headline"]]
    assert articles[1].text == ROWS[1]["articleBody"]  # a quoted field over two lines
    assert articles[0].url == "https://example.org/ferry"
    assert articles[0].published is not None and articles[0].published.date().isoformat() == (
        "2024-05-06"
    )
    assert articles[0].extra.get("section") == "local"
    assert articles[0].record != articles[1].record
    rejected = [r for r in results if isinstance(r, Rejection)]
    # the empty row begins on line 5: the second row spans lines 3 and 4
    assert [(r.item, r.reason) for r in rejected] == [(f"{path}:5", RejectReason.EMPTY)]


def test_a_named_text_column_and_tab_separated_values() -> None:
    rows = [{"id": "a1", "story": "Rail strike called off after talks, the union said.", "x": "1"}]
    data = _csv(rows, delimiter="\t").encode()
    missing = list(read_item(RawItem("feed.tsv", data, ".tsv")))
    assert len(missing) == 1 and isinstance(missing[0], IngestError)
    assert "--text-column" in missing[0].detail and "story" in missing[0].detail
    found = list(read_item(RawItem("feed.tsv", data, ".tsv"), text_column="story"))
    assert len(found) == 1 and isinstance(found[0], Article)
    assert found[0].text == rows[0]["story"] and found[0].record == "a1"


def test_a_bad_row_is_rejected_alone() -> None:
    data = (
        b"title,text\n"
        b"One,The first story is fine.\n"
        b"Two,The second row,has one cell too many\n"
        b"Three,The third story is fine too.\n"
    )
    results = list(read_item(RawItem("rows.csv", data, ".csv")))
    assert [type(r).__name__ for r in results] == ["Article", "IngestError", "Article"]
    error = results[1]
    assert isinstance(error, IngestError) and error.item == "rows.csv:3"
    assert "3 cells, the header has 2" in error.detail


def test_a_row_over_the_size_limit_is_rejected_and_what_came_before_is_kept(
    tmp_path: Path,
) -> None:
    path = tmp_path / "big.csv"
    path.write_text("title,text\nok,A short story.\nbig," + "word " * 3000 + "\n", encoding="utf-8")
    settings = load_settings(db=str(tmp_path / "x.db"), max_item_bytes=5000)
    results = list(read_articles([str(path)], settings=settings))
    assert isinstance(results[0], Article)
    assert isinstance(results[1], Rejection) and results[1].reason == RejectReason.TOO_LARGE


def test_ingest_reads_a_csv_of_bodies_into_the_store(tmp_path: Path) -> None:
    path = tmp_path / "bodies.csv"
    rows = [
        {"Body ID": "7", "articleBody": ROWS[0]["articleBody"]},
        {"Body ID": "8", "articleBody": ROWS[1]["articleBody"]},
    ]
    path.write_text(_csv(rows), encoding="utf-8")
    db = tmp_path / "store.db"
    result = CliRunner().invoke(main, ["ingest", str(path), "--db", str(db), "--quiet"])
    assert result.exit_code == 0, result.output
    with open_store(str(db)) as store:
        assert store.count_articles() == 2
