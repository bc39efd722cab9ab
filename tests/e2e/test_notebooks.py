"""The notebooks run top to bottom in a fresh kernel, quickly, and are committed without
outputs (so diffs stay readable and no stale numbers are shipped)."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="nbformat (the dev extra) not installed")
nbclient = pytest.importorskip("nbclient", reason="nbclient (the dev extra) not installed")

NOTEBOOKS = sorted((Path(__file__).parents[2] / "notebooks").glob("*.ipynb"))
EXPECTED = ["01_quick_start", "02_where_costs_land", "03_financing_regimes",
            "04_uncertainty_and_sensitivity", "05_students_build_your_own"]


def test_the_five_notebooks_exist():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a code cell has outputs"
            assert cell.execution_count is None, f"{path.name}: a code cell has a count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_imported_name_is_used(path):
    """A name imported and never used teaches a student nothing (and looks like a slip)."""
    import re
    nb = nbformat.read(path, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    imported = [n.strip().split(" as ")[-1] for m in
                re.finditer(r"^from \S+ import \(?([^)\n]+)\)?", code, re.M)
                for n in m.group(1).split(",") if n.strip()]
    unused = [n for n in imported if len(re.findall(rf"\b{re.escape(n)}\b", code)) < 2]
    assert unused == [], f"{path.name}: imported but never used: {unused}"


@pytest.fixture(scope="module")
def kernel(tmp_path_factory):
    """One kernel for all notebooks (saves starting Python and importing the libraries five
    times); each notebook starts with ``%reset -f``, so none sees another's variables."""
    import sys

    from jupyter_client.kernelspec import KernelSpec
    from jupyter_client.manager import KernelManager
    km = KernelManager(kernel_name="python3")
    # this interpreter, whatever kernel named python3 another environment registered
    km._kernel_spec = KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f",
                                       "{connection_file}"], display_name="simulate tests",
                                 language="python")
    km.start_kernel(cwd=str(tmp_path_factory.mktemp("notebooks")))
    yield km
    km.shutdown_kernel(now=True)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_top_to_bottom_in_under_a_minute(path, kernel):
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell("%reset -f"))
    start = time.perf_counter()
    client = nbclient.NotebookClient(nb, km=kernel, timeout=60)
    client.execute()   # raises CellExecutionError with the failing cell and its traceback
    seconds = time.perf_counter() - start
    assert seconds < 60, f"{path.name} took {seconds:.0f} s"
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors, errors
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if "image/png" in o.get("data", {})]
    assert images, f"{path.name}: the charts are shown"


def test_no_notebook_looks_for_the_koker_zvw_among_the_deciders():
    """The decisions table names the insurers, never the koker "zvw": a filter on
    ``payer == "zvw"`` finds nothing, and the notebook then prints "0 of 3" under a table of
    stops (notebooks 02 and 05 once did)."""
    import re
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        hits = re.findall(r"decisions[^\n]*payer\s*==\s*[\"']zvw[\"']", code)
        assert hits == [], f"{path.name}: filters decisions on the koker zvw: {hits}"


def test_a_reviewing_zvw_is_logged_under_its_insurers():
    """What notebooks 02 and 05 rely on: when the Zvw co-funds and reviews, the decisions
    name the payers whose koker is zvw, and there are some."""
    import simulate
    half = [{"payer": "wmo", "share": 0.5}, {"payer": "zvw", "share": 0.5}]
    sc = simulate.load_scenario("dorpsondersteuner", overrides={
        "population.size": 400, "horizon_years": 4,   # payers first review after 3 years
        "initiatives.dorpsondersteuner.funding": half})
    insurers = {name for name, p in sc.payers.items() if p.koker == "zvw"}
    d = simulate.run(sc, reps=1, seed=2).decisions
    d = d[d.arm == "scenario"]
    assert len(insurers) >= 2, f"the village has several insurers: {insurers}"
    assert set(d.payer) & insurers, f"the insurers' reviews are logged: {set(d.payer)}"
    assert "zvw" not in set(d.payer), "the koker itself never decides"
