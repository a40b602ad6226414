"""Reading [connections.gsheets] the way Streamlit's own Google Sheets connection lays it out."""

from __future__ import annotations

import pytest

from lib.sources.gsheets import _export_title, _quote, config_from_secrets, spreadsheet_id

KEY = {
    "type": "service_account",
    "project_id": "p",
    "private_key_id": "k",
    "private_key": "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n",
    "client_email": "dash@p.iam.gserviceaccount.com",
    "token_uri": "https://oauth2.googleapis.com/token",
}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://docs.google.com/spreadsheets/d/1AbC-d_EF/edit#gid=0", "1AbC-d_EF"),
        ("https://docs.google.com/spreadsheets/d/1AbC-d_EF", "1AbC-d_EF"),
        ("  1AbC-d_EF ", "1AbC-d_EF"),
    ],
)
def test_spreadsheet_id(value: str, expected: str) -> None:
    assert spreadsheet_id(value) == expected


def test_no_section_means_sample() -> None:
    assert config_from_secrets({}) is None
    assert config_from_secrets({"connections": {"gsheets": {"type": "service_account"}}}) is None


def test_service_account_section() -> None:
    config = config_from_secrets(
        {
            "connections": {
                "gsheets": {
                    "spreadsheet": "https://docs.google.com/spreadsheets/d/XYZ/edit",
                    **KEY,
                    "api_base_url": "http://127.0.0.1:9/",
                }
            }
        }
    )
    assert config.spreadsheet_id == "XYZ" and not config.public
    assert config.email == "dash@p.iam.gserviceaccount.com"
    assert config.api_base_url == "http://127.0.0.1:9"
    assert "spreadsheet" not in config.key and "api_base_url" not in config.key


def test_public_link_has_no_key() -> None:
    config = config_from_secrets({"connections": {"gsheets": {"spreadsheet": "XYZ"}}})
    assert config.public and config.email == ""


def test_key_never_in_repr() -> None:
    config = config_from_secrets({"connections": {"gsheets": {"spreadsheet": "XYZ", **KEY}}})
    assert "PRIVATE" not in repr(config) and "PRIVATE" not in str(config)


@pytest.mark.parametrize(("title", "quoted"), [("Thon", "'Thon'"), ("Cài đặt", "'Cài đặt'"), ("O'Brien", "'O''Brien'")])
def test_tab_ranges_are_quoted(title: str, quoted: str) -> None:
    assert _quote(title) == quoted


@pytest.mark.parametrize(
    ("header", "title"),
    [
        (
            "attachment; filename=\"So theo doi.xlsx\"; filename*=UTF-8''S%E1%BB%95%20theo%20d%C3%B5i.xlsx",
            "Sổ theo dõi",
        ),
        ('attachment; filename="Book.xlsx"', "Book"),
        ("", ""),
    ],
)
def test_export_title(header: str, title: str) -> None:
    assert _export_title(header) == title


def test_a_private_key_pasted_into_client_email_is_never_echoed() -> None:
    """Issue #13: the email is shown so the clerk can share the sheet with it; key material in
    that field (or any other) must not reach a message, a detail or a banner."""
    from lib.sources.gsheets import make_reader
    from lib.sources.problems import Problem, SourceProblem, classify

    wrong = {**KEY, "client_email": KEY["private_key"]}
    config = config_from_secrets({"connections": {"gsheets": {"spreadsheet": "XYZ", **wrong}}})
    assert config.email == ""
    for lang in ("vi", "en"):
        assert "PRIVATE" not in Problem("forbidden", email=config.email).message(lang)
    try:
        make_reader(config)
    except Exception as exc:  # whatever google-auth makes of it, the explanation is scrubbed
        problem = exc.problem if isinstance(exc, SourceProblem) else classify(exc, config.email)
        assert "PRIVATE" not in problem.detail and "abc" not in problem.detail
        assert "PRIVATE" not in problem.message("vi")
