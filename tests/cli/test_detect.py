"""`goodterms detect`: the detector on its own, in the shape JOURNAL-using tools read."""

from __future__ import annotations

from tests.detect.test_message import REPLY
from tests.helpers import goodterms


def test_lines_give_one_json_object_per_input_line():
    text = ("Thanks so much for the intro to Dana!\n"
            "The meeting is at 3pm.\n"
            "Could you send me the slides by Friday?\n")
    result = goodterms("detect --lines --format json", stdin=text.encode())
    assert result.code == 0
    objects = result.lines()
    assert len(objects) == 3
    assert [a["act"] for a in objects[0]["acts"]] == ["thanks"]
    assert objects[1] == {"acts": []}
    request = objects[2]["acts"][0]
    assert request["act"] == "request" and 0.5 <= request["confidence"] <= 1.0
    assert request["text"] == "Could you send me the slides by Friday?"


def test_a_message_is_read_without_its_quotes_and_signature(tmp_path):
    path = tmp_path / "reply.eml"
    path.write_bytes(REPLY)
    found = goodterms(["detect", str(path), "--format", "json"]).json()
    acts = {a["act"] for a in found["acts"]}
    assert acts == {"thanks"}  # not the quoted request, not the signature's offer


def test_text_output_and_a_missing_file():
    result = goodterms("detect", stdin=b"I forwarded your resume to the hiring manager.")
    assert result.out.startswith("favor")
    assert goodterms("detect /nonexistent/mail.eml").code == 3
