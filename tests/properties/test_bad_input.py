"""Bad input, generated: broken scenario files, overrides and API calls always give a
ScenarioError (API) or exit status 2 with every problem and its key path (CLI), never a
traceback and never a run."""
from __future__ import annotations

import math
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import VILLAGE_FILE, anything, broken_village, key_paths, mutations, to_toml

import simulate
from simulate.cli.main import cli
from simulate.scenario import ScenarioError, load_scenario

WORK = Path(tempfile.mkdtemp(prefix="simulate-bad-input-"))


@pytest.fixture(autouse=True)
def no_model_runs(monkeypatch):
    """Bad input must be refused before the model: reaching it fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError("the model was run with bad input")
    monkeypatch.setattr(simulate.experiments.runner, "run", refuse)


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=True)


def assert_clean_refusal(result, expected_paths=()) -> None:
    """Exit 2, no exception escaped, no traceback, each expected key path named."""
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        f"an exception escaped: {result.exception!r}\n{result.output}"
    assert result.exit_code == 2, f"expected exit status 2, got {result.exit_code}: {result.output}"
    assert "Traceback" not in result.output, result.output
    for path in expected_paths:
        named = result.stderr.replace('"', "")  # dotted keys are quoted: a."b.c".d
        assert path in named, f"{path!r} not named in:\n{result.stderr}"


def write(name: str, text: str | bytes) -> Path:
    f = WORK / name
    f.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return f


def matches(problem_path: str, expected: str) -> bool:
    problem_path = problem_path.replace('"', "")  # dotted keys are quoted in paths: a."b.c".d
    return problem_path == expected or problem_path.startswith((expected + ".", expected + "["))


# -- generated broken files ------------------------------------------------------------------

@given(mutations())
def test_every_mistake_is_reported_with_its_key_path(muts):
    f = write("broken.toml", to_toml(broken_village(muts)))
    with pytest.raises(ScenarioError) as exc:
        load_scenario(f)
    problems = exc.value.problems
    parent_unknown = any(m.path == ("extends",) for m in muts)
    for m in muts:
        if parent_unknown and m.kind == "delete":
            continue  # the missing key might come from the parent file: not judged
        assert any(matches(p.path, m.expected) for p in problems), \
            f"{m.kind} at {m.expected} not reported; got {[str(p) for p in problems]}"
    assert all(p.message for p in problems), "every problem says what is wrong"
    assert all(p.file.endswith("broken.toml") for p in problems), "every problem names its file"


@settings(max_examples=20)
@given(mutations(max_size=3), st.sampled_from(["validate", "run"]))
def test_cli_refuses_broken_files_with_exit_2(muts, command):
    f = write("broken_cli.toml", to_toml(broken_village(muts)))
    out = WORK / "never-written"
    args = [command, str(f)] + (["--quiet", "--out", str(out)] if command == "run" else [])
    parent_unknown = any(m.path == ("extends",) for m in muts)
    assert_clean_refusal(invoke(*args), [m.expected for m in muts
                                         if not (parent_unknown and m.kind == "delete")])
    assert not out.exists(), "no run folder for bad input"


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_crash_the_loader(data):
    f = write("bytes.toml", data)
    try:
        load_scenario(f)
    except ScenarioError as exc:
        assert exc.problems and all(str(p) for p in exc.problems)


@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes_validate(text):
    f = write("text.toml", text)
    result = invoke("validate", str(f))
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)


# -- overrides (API and --set) -----------------------------------------------------------------

@given(st.dictionaries(key_paths, anything, max_size=4))
def test_api_overrides_raise_only_scenario_errors(overrides):
    try:
        sc = load_scenario("village", overrides)
    except ScenarioError as exc:
        assert exc.problems, "a ScenarioError lists its problems"
        return
    assert isinstance(sc, simulate.scenario.Scenario)


@given(st.lists(st.text(max_size=40), min_size=1, max_size=3))
def test_any_set_text_is_valid_or_exit_2(sets):
    args = ["validate", str(VILLAGE_FILE)]
    for s in sets:
        args += ["--set", s]
    result = invoke(*args)
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert "Traceback" not in result.output


@given(st.sampled_from(["population.size", "horizon_years", "health.lonely_multiplier",
                        "initiatives.dorpsondersteuner.fte"]),
       st.sampled_from(["nan", "inf", "-inf", "-1", "1e400", "9" * 30, "{ a = 1 }", "[1]",
                        '"text"', "true", "", "5k"]))
def test_bad_set_values_are_blamed_on_the_override(key, value):
    result = invoke("run", "--quiet", "--set", f"{key}={value}", "--out", str(WORK / "no"))
    assert_clean_refusal(result, [f"override: {key}"])


# -- specific cases found while hardening the loader ----------------------------------------------

CASES = [
    # (what, CLI arguments, words the error must contain)
    ("--set without '='", ["--set", "population.size"], "expected KEY=VALUE"),
    ("--set with an empty key", ["--set", "=3"], "not a valid key path"),
    ("--set with an empty part", ["--set", "population..size=3"], "not a valid key path"),
    ("--set of extends", ["--set", "extends=other.toml"], "extends cannot be overridden"),
    ("--set of a table where a number belongs", ["--set", "population.size={ a = 1 }"],
     "population.size: expected a number, got a table"),
    ("--set below a number", ["--set", "population.size.x=3"], "population.size"),
    ("--set of a number where a table belongs", ["--set", "population=3"],
     "population: expected a table"),
    ("an integer too long for Python", ["--set", "population.size=" + "9" * 5000],
     "population.size"),
    ("a quoted key with a dot", ["--set", 'care.bed_changes."2.5"=-1'],
     "care.bed_changes.2.5"),
    ("a float for a whole number", ["--set", "population.size=2.5"], "expected a whole number"),
    ("extends inside a table", ["--set", "population.extends=1"],
     "population.extends: unknown key"),
    ("a name shared by a service and an initiative",
     ["--set", "initiatives.huisarts={ type = \"dorpsondersteuner\" }"],
     "initiatives.huisarts: has the name of a service"),
    ("all age weights zero", ["--set", 'population.age_weights={ "95+" = 0 }'],
     "the weights are all zero"),
]


@pytest.mark.parametrize("what, args, words", CASES, ids=[c[0] for c in CASES])
def test_known_bad_overrides(what, args, words):
    result = invoke("validate", str(VILLAGE_FILE), *args)
    assert_clean_refusal(result)
    assert words in result.stderr, f"{what}: expected {words!r} in {result.stderr}"


def test_files_that_are_not_scenarios(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.toml").write_text("")
    (tmp_path / "to_dir.toml").write_text('extends = "sub"\n')
    (tmp_path / "deep.toml").write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    (tmp_path / "big.toml").write_bytes(b"# " + b"x" * (6 * 2**20) + b"\n")
    (tmp_path / "extends_number.toml").write_text("extends = 3\n")
    expected = {
        str(tmp_path / "sub"): "is a folder, not a scenario file (scenario files in it: a.toml)",
        str(tmp_path / "to_dir.toml"): "extends: ",
        str(tmp_path / "deep.toml"): "nested too deeply",
        str(tmp_path / "big.toml"): "too big for a scenario file",
        str(tmp_path / "extends_number.toml"): "extends: expected a file name as text",
        "/dev/null": "not a regular file",
        str(tmp_path / "missing.toml"): "no such scenario file",
    }
    for path, words in expected.items():
        result = invoke("validate", path)
        assert_clean_refusal(result)
        assert words in result.stderr, f"{path}: expected {words!r} in {result.stderr}"
    assert "is a folder" in invoke("validate", str(tmp_path / "to_dir.toml")).stderr


def test_validate_reports_every_file(tmp_path):
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text("horizon_years = -1\n")
    b.write_text("[populaton]\n")
    result = invoke("validate", str(a), str(b), str(VILLAGE_FILE))
    assert_clean_refusal(result, ["a.toml: horizon_years", "b.toml: populaton"])
    assert "village.toml: valid" in result.stdout, "the good file is still checked"


@pytest.mark.parametrize("bad_path", [3, b"village", "nul\x00byte", Path("x" * 5000)])
def test_api_rejects_unusable_paths(bad_path):
    with pytest.raises(ScenarioError):
        load_scenario(bad_path)  # type: ignore[arg-type]


@pytest.mark.parametrize("overrides", [[("population.size", 3)], {1: 2}, {"": 1},
                                       {"a\nb": 1}, {'a."b': 1}, {"extends": "x"}])
def test_api_rejects_malformed_overrides(overrides):
    with pytest.raises(ScenarioError) as exc:
        load_scenario("village", overrides)  # type: ignore[arg-type]
    assert all(p.file == "override" for p in exc.value.problems), \
        "problems of the overrides themselves are labelled as such"


def test_nan_never_survives_validation():
    with pytest.raises(ScenarioError) as exc:
        load_scenario("village", {"health.lonely_multiplier": math.nan})
    assert "expected a finite number" in str(exc.value)
