"""The review loop over HTTP: a review token gives verdicts (a read token cannot), each
stored with the token's name; the proposition, the article and the alert show them; the
grade changes and undo restores it."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.conftest import build_store
from watchfloor.api import create_app


def test_a_review_token_corrects_a_claim_and_the_grade_follows_until_undone(
    tmp_path: Path,
) -> None:
    store, settings = build_store(tmp_path)
    try:
        _, reviewer = store.create_token("ana", "review")
        _, reader = store.create_token("intern", "read")
        as_reviewer = {"Authorization": f"Bearer {reviewer}"}
        as_reader = {"Authorization": f"Bearer {reader}"}
        with TestClient(create_app(settings, store=store)) as client:
            board = client.get("/api/propositions", headers=as_reader).json()["items"]
            target = next(p for p in board if p["stances"]["denies"])
            denial = next(c for c in target["claims"] if c["stance"] == "denies")
            verdict = {
                "kind": "claim",
                "field": "polarity",
                "value": "affirmed",
                "note": "misread negation",
                "article_id": denial["article_id"],
                "claim_id": denial["claim_id"],
            }
            refused = client.post("/api/verdicts", json=verdict, headers=as_reader)
            assert refused.status_code == 403 and "review token" in refused.json()["error"]
            done = client.post("/api/verdicts", json=verdict, headers=as_reviewer)
            assert done.status_code == 200, done.text
            answer = done.json()
            assert answer["verdict"]["made_by"] == "token ana"
            assert target["id"] in answer["regraded"]
            shown = client.get(f"/api/propositions/{target['id']}", headers=as_reader).json()
            assert shown["stances"]["denies"] == target["stances"]["denies"] - 1
            assert "analyst's review" in shown["assessment"]["explanation"]
            assert [v["id"] for v in shown["verdicts"]] == [answer["verdict"]["id"]]
            article = client.get(f"/api/articles/{denial['article_id']}", headers=as_reader)
            assert article.json()["verdicts"][0]["description"].startswith(
                f"claim {denial['key']} polarity denied -> affirmed (token ana"
            )
            back = client.post(f"/api/verdicts/{answer['verdict']['id']}/undo", headers=as_reviewer)
            assert back.status_code == 200 and back.json()["verdict"]["undone_by"] == "token ana"
            again = client.get(f"/api/propositions/{target['id']}", headers=as_reader).json()
            assert again["credibility"] == target["credibility"]
            assert again["assessment"]["explanation"] == target["assessment"]["explanation"]
            twice = client.post(
                f"/api/verdicts/{answer['verdict']['id']}/undo", headers=as_reviewer
            )
            assert twice.status_code == 400 and "undone already" in twice.json()["error"]
            wrong = client.post(
                "/api/verdicts", json={**verdict, "value": "perhaps"}, headers=as_reviewer
            )
            assert wrong.status_code == 400 and "affirmed, denied" in wrong.json()["error"]
            missing = client.post(
                "/api/verdicts", json={**verdict, "claim_id": "c404"}, headers=as_reviewer
            )
            assert missing.status_code == 404

            alert = client.get("/api/alerts", headers=as_reader).json()["items"][0]
            dismissed = client.post(
                "/api/verdicts",
                json={"kind": "alert", "field": "dismiss", "alert_id": alert["id"],
                      "note": "a question, not a report"},
                headers=as_reviewer,
            )  # fmt: skip
            assert dismissed.status_code == 200, dismissed.text
            alerts = client.get("/api/alerts", headers=as_reader).json()["items"]
            review = next(a for a in alerts if a["id"] == alert["id"])["review"]
            assert review["field"] == "dismiss" and review["made_by"] == "token ana"
            log = client.get("/api/verdicts", params={"alert": alert["id"]}, headers=as_reader)
            assert [v["field"] for v in log.json()["items"]] == ["dismiss"]
    finally:
        store.close()
