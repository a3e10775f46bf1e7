"""manage.py check_texts: each decision with its reasons, and recall and
precision when the lines are labelled."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command


def run(*args: str, stdin: str | None = None) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        import sys

        old, sys.stdin = sys.stdin, io.StringIO(stdin)
        try:
            call_command("check_texts", *args, stdout=out, stderr=err)
        finally:
            sys.stdin = old
    else:
        call_command("check_texts", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_prints_each_decision_with_reasons_and_a_summary(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(row)
            for row in [
                {"text": "I want to kill myself", "label": 1},
                {"text": "I'm not suicidal", "label": "negative"},
                {"text": "I just want it to be over, you know", "label": True},
                {"text": "this traffic is killing me"},
                {"text": "My mum will kill me if I'm late", "label": "no"},
            ]
        ),
        encoding="utf-8",
    )
    out, _ = run(str(path), "--layers", "phrases")
    assert "FLAG    ok: I want to kill myself" in out
    assert "Suicide (phrases): 'kill myself'. Talks about killing themselves" in out
    assert "set aside: 'suicidal' (negated by 'not' just before)" in out
    assert "no flag MISSED: I just want it to be over" in out
    assert "FLAG    FALSE FLAG: My mum will kill me" in out
    assert "Checked 5 texts; flagged 2." in out
    assert "Of 4 labelled: 1 flagged rightly, 1 missed, 1 false flags, 1 rightly left." in out
    assert "Recall 50.0%" in out and "precision 50.0%" in out


def test_reads_standard_input_as_json_and_skips_bad_lines() -> None:
    out, err = run(
        "-",
        "--json",
        stdin='{"text": "I can\'t go on", "label": "yes"}\nnot json\n{"words": "x"}\n\n'
        '{"text": "hello", "label": "maybe"}\n',
    )
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[0]["flagged"] is True and lines[0]["hits"][0]["key"] == "cant-cope"
    assert lines[-1]["summary"]["recall"] == 1.0 and lines[-1]["summary"]["skipped_lines"] == 3
    assert "line 2: not JSON" in err and 'line 3: needs a "text" field' in err
    assert "line 5: label 'maybe'" in err


def test_errors_only_prints_just_the_mistakes() -> None:
    out, _ = run(
        "-",
        "--errors-only",
        stdin='{"text": "I want to die", "label": 1}\n{"text": "hello", "label": 1}\n',
    )
    assert "hello" in out and "I want to die" not in out


def test_a_missing_file_is_a_clear_error() -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        run("/nonexistent/file.jsonl")


def test_the_labelled_set_reads_cleanly() -> None:
    path = Path(__file__).parent / "data" / "labelled.jsonl"
    out, err = run(str(path), "--errors-only", "--layers", "phrases")
    assert err == "" and "Recall 96.9%" in out
    out, err = run(str(path), "--errors-only")
    assert err == "" and "Recall 100.0%" in out


def test_both_layers_and_the_language_check_run_by_default(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    rows = [
        {"text": "I just want it to be over, you know", "label": 1},
        {"text": "Nie chcę już żyć, proszę o pomoc", "label": 1},
        {"text": "Can I move my appointment to Tuesday?", "label": 0},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    out, _ = run(str(path))
    assert "(meaning): 'I just want it to be over, you know'. Close in meaning to: \"" in out
    assert "Written in Polish: not checked for worrying words; read it soon" in out
    assert "Checked 3 texts; flagged 2." in out
    lines = [json.loads(line) for line in run(str(path), "--json")[0].splitlines()]
    assert lines[0]["hits"][0]["layer"] == "meaning"
    assert lines[1]["not_read"].startswith("Written in Polish")
    assert lines[2]["flagged"] is False


def test_by_category_says_how_each_category_fared(tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    path.write_text(
        "\n".join(
            json.dumps(row)
            for row in [
                {"text": "I want to kill myself", "label": 1, "category": "suicide"},
                {"text": "I just want it to be over, you know", "label": 1, "category": "suicide"},
                {"text": "My mum will kill me if I'm late", "label": 0, "category": "idiom"},
                {"text": "See you on Tuesday", "label": 0},
            ]
        ),
        encoding="utf-8",
    )
    out, _ = run(str(path), "--layers", "phrases", "--by-category")
    assert "suicide: 1 of 2 flagged; recall 50.0%; precision 100.0%" in out
    assert "idiom: 1 of 1 flagged; recall n/a; precision 0.0%" in out
    assert "(none): 0 of 1 flagged; recall n/a; precision n/a" in out
