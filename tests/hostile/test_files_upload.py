"""Uploads go through the same reader with the app's own limits (issue 17, items 7-12):
hostile files in one POST /ingest are each rejected with their reason, the good letter
beside them is ingested, and a limit set on the app reaches the reader."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from policykg.api.app import create_app
from policykg.extract.reader import read_letter
from policykg.settings import Settings
from tests.hostile.hostile_files import (
    GiB,
    deflated_zeros,
    pdf_with_content,
    text_pdf,
    word_bomb,
    word_file,
)
from tests.letters import EXAMPLE_2018, GUANGZHOU

API_KEY = "hostile-upload-key"
KEY = {"X-API-Key": API_KEY}


def test_hostile_uploads_are_rejected_each_with_its_reason(tmp_path: Path):
    letter = read_letter(EXAMPLE_2018).text
    stream, _ = deflated_zeros(GiB, wrapped=True)
    uploads = {
        "good.txt": GUANGZHOU.read_bytes(),
        "picture.docx": word_bomb(letter, part="word/media/image1.png", size=GiB),
        "stream.pdf": pdf_with_content(stream, "/FlateDecode"),
        "long.pdf": text_pdf(2000, tmp_path / "long.pdf").read_bytes(),
        "huge.txt": (letter * (1_770_000 // len(letter) + 1))[:1_770_000].encode("utf-8"),
    }
    settings = Settings(store=str(tmp_path / "store.lbdb"), api_key=API_KEY)
    with TestClient(create_app(settings)) as client:
        response = client.post(
            "/ingest?link=false",
            headers=KEY,
            files=[("files", (name, data)) for name, data in uploads.items()],
        )
        documents = client.app.state.store.counts()["nodes"].get("Document", 0)
    assert response.status_code == 200, response.text
    outcomes = {item["file"]: item for item in response.json()["files"]}
    assert outcomes["good.txt"]["status"] == "ingested"
    assert documents == 1
    expected = {
        "picture.docx": "declares it unpacks to 1024.8 MiB, over the 64.0 MiB limit",
        "stream.pdf": "MiB (counted so far), over the 64.0 MiB limit (POLICYKG_MAX_UNPACKED",
        "long.pdf": "PDF has 2000 pages, over the 200-page limit",
        "huge.txt": "text is 1,770,000 characters, over the 500,000-character limit",
    }
    for name, words in expected.items():
        assert outcomes[name]["status"] == "rejected", outcomes[name]
        assert words in outcomes[name]["reason"], outcomes[name]["reason"]


def test_the_apps_unpacked_size_limit_reaches_uploaded_letters(tmp_path: Path):
    word = word_file(read_letter(EXAMPLE_2018).text)
    answers = []
    for name, limit in (("roomy", 64 * 2**20), ("tight", 10_000)):
        settings = Settings(
            store=str(tmp_path / f"{name}.lbdb"), api_key=API_KEY, max_unpacked_bytes=limit
        )
        with TestClient(create_app(settings)) as client:
            response = client.post(
                "/ingest?link=false", headers=KEY, files=[("files", ("letter.docx", word))]
            )
        assert response.status_code == 200, response.text
        answers.append(response.json()["files"][0])
    assert answers[0]["status"] == "ingested", answers[0]["reason"]
    assert answers[1]["status"] == "rejected"
    assert "over the 0.0 MiB limit (POLICYKG_MAX_UNPACKED_BYTES)" in answers[1]["reason"]
