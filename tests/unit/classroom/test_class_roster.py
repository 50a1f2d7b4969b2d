"""Roster parsing: good rosters, and every bad one named with its line number."""

from __future__ import annotations

from pathlib import Path

import pytest

from labctl.classroom.roster import parse_roster, read_roster, student_slug
from labctl.errors import EXIT_BAD_INPUT, UserInputError


def write(tmp_path: Path, data: str | bytes, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def error_of(tmp_path: Path, data: str | bytes) -> UserInputError:
    with pytest.raises(UserInputError) as info:
        read_roster(write(tmp_path, data))
    assert info.value.exit_code == EXIT_BAD_INPUT
    return info.value


def test_columns_extra_columns_and_line_numbers(tmp_path: Path) -> None:
    entries = read_roster(write(tmp_path, "id,name,email,section\n s1 ,Ann Lee,ann@x.org,A\n\ns2,Bob,bob@x.org,B\n"))
    assert [(e.id, e.name, e.email, e.line, e.extra) for e in entries] == [
        ("s1", "Ann Lee", "ann@x.org", 2, {"section": "A"}),
        ("s2", "Bob", "bob@x.org", 4, {"section": "B"}),
    ]


def test_only_id_is_required_and_header_case_is_ignored(tmp_path: Path) -> None:
    entries = read_roster(write(tmp_path, "ID\na1\na2\n"))
    assert [(e.id, e.name, e.email) for e in entries] == [("a1", "", ""), ("a2", "", "")]


def test_bom_semicolons_tabs_and_crlf(tmp_path: Path) -> None:
    assert read_roster(write(tmp_path, "\ufeffid;name;email\r\ns1;Zoë Ä;z@x.org\r\n"))[0].name == "Zoë Ä"
    assert read_roster(write(tmp_path, "id\tname\ns1\tAnn\n", "t.tsv"))[0].name == "Ann"


def test_quoted_field_with_newline_keeps_later_line_numbers_right(tmp_path: Path) -> None:
    text = 'id,name\ns1,"Ann\nLee"\ns1,Bob\n'
    err = error_of(tmp_path, text)
    assert ":4:" in err.message and "duplicate id 's1' (first on line 2)" in err.message


def test_duplicate_id(tmp_path: Path) -> None:
    err = error_of(tmp_path, "id,name\ns1,A\ns2,B\ns1,C\n")
    assert "roster.csv:4:" in err.message and "duplicate id 's1' (first on line 2)" in err.message


def test_empty_id(tmp_path: Path) -> None:
    err = error_of(tmp_path, "id,name\ns1,A\n ,B\n")
    assert "roster.csv:3:" in err.message and "the id is empty" in err.message


def test_missing_id_column(tmp_path: Path) -> None:
    err = error_of(tmp_path, "student,name\ns1,A\n")
    assert "roster.csv:1:" in err.message and "no 'id' column" in err.message and "student, name" in err.message
    assert err.hint and "id,name,email" in err.hint


def test_header_after_blank_lines_is_reported_on_its_line(tmp_path: Path) -> None:
    err = error_of(tmp_path, "\n\nname,email\n")
    assert "roster.csv:3:" in err.message


def test_duplicate_and_empty_header_columns(tmp_path: Path) -> None:
    assert "names column 'name' twice" in error_of(tmp_path, "id,name,name\ns1,a,b\n").message
    assert "empty column name" in error_of(tmp_path, "id,,email\ns1,a,b\n").message


def test_not_utf8_names_line_and_column(tmp_path: Path) -> None:
    err = error_of(tmp_path, "id,name\ns1,Ann\ns2,Jos\xe9\n".encode("latin-1"))
    assert "roster.csv:3:" in err.message and "not UTF-8" in err.message and "0xe9 at column 7" in err.message
    assert err.hint and "UTF-8" in err.hint


def test_binary_file_and_bad_quoting(tmp_path: Path) -> None:
    assert "NUL byte" in error_of(tmp_path, b"id,name\ns1,\x00\x01\n").message
    err = error_of(tmp_path, 'id,name\ns1,"Ann" Lee\n')
    assert "roster.csv:2:" in err.message and "not valid CSV" in err.message


def test_too_many_fields(tmp_path: Path) -> None:
    err = error_of(tmp_path, "id,name\ns1,Lee, Ann\n")
    assert "roster.csv:2:" in err.message and "3 fields but the header (line 1) has 2" in err.message


def test_spaces_in_id(tmp_path: Path) -> None:
    assert "contains spaces" in error_of(tmp_path, "id\nann lee\n").message


def test_unreadable_missing_empty_and_header_only(tmp_path: Path) -> None:
    with pytest.raises(UserInputError, match="file not found"):
        read_roster(tmp_path / "nope.csv")
    with pytest.raises(UserInputError, match="is a folder"):
        read_roster(tmp_path)
    assert "is empty" in error_of(tmp_path, "\n \n").message
    assert "lists no students" in error_of(tmp_path, "id,name,email\n").message


def test_unreadable_path(tmp_path: Path) -> None:
    not_a_dir = write(tmp_path, "id\ns1\n")
    with pytest.raises(UserInputError, match=r"cannot be read: Not a directory"):
        read_roster(not_a_dir / "roster.csv")


def test_slugs_are_env_name_safe_and_distinct() -> None:
    assert student_slug("s1") == "s1"
    assert student_slug("alice") == "alice"
    odd = [student_slug(x) for x in ("Ann.Lee", "ann-lee", "ann_lee", "ANN.LEE", "a" * 80, "é@x")]
    assert len(set(odd)) == len(odd)
    for slug in odd:
        assert slug.replace("-", "").isalnum() and slug == slug.lower() and len(slug) <= 32


def test_parse_roster_source_name_in_errors() -> None:
    with pytest.raises(UserInputError, match=r"roster class\.csv:3: duplicate id"):
        parse_roster("id\nx\nx\n", "class.csv")
