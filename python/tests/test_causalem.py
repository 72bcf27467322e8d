"""The Python package against the command line: same inputs, same answers.

Run from the repository root after ./mvnw -o package -DskipTests -pl core,cli:
    PYTHONPATH=python /usr/bin/python3 -m pytest python/tests
(run inside ./mvnw verify by cli's PythonPackageIT). Skips without python3-jpype.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

jpype = pytest.importorskip("jpype", reason="python3-jpype is not installed")
pd = pytest.importorskip("pandas")

import causalem as cem  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
JAR = cem.jar_path()
SHARED = Path(os.environ.get("CAUSALEM_SHARED_DATA", ROOT.parent / "shared" / "data"))
if not SHARED.is_dir():
    SHARED = ROOT.parent / "shared" / "data"

pytestmark = pytest.mark.skipif(not JAR.is_file(), reason="%s not built" % JAR)


def cli(*args):
    """Runs the command-line tool; returns its completed process (fails the test on a non-zero exit)."""
    p = subprocess.run(["java", "-jar", str(JAR)] + [str(a) for a in args] + ["--quiet"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    return p


def real(name):
    p = SHARED / "real" / name
    if not p.exists():
        pytest.skip("%s not found" % p)
    return p


def perovskite(seed=7, a=16.0, cells=(9, 10)):
    """A projected perovskite (A columns at the cell corners, weaker B at the centres) with Poisson noise: float32."""
    rng = np.random.default_rng(seed)
    h, w = int(cells[0] * a + 2 * a), int(cells[1] * a + 2 * a)
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.full((h, w), 40.0)
    for i in range(cells[0] + 2):
        for j in range(cells[1] + 2):
            for dy, dx, amp in ((0.0, 0.0, 900.0), (0.5, 0.5, 500.0)):
                y0, x0 = (i + dy) * a + 3.3, (j + dx) * a + 2.7
                img += amp * np.exp(-((yy - y0) ** 2 + (xx - x0) ** 2) / (2 * 2.2 ** 2))
    return rng.poisson(img).astype(np.float32)


def test_read_gives_arrays_with_the_files_axes():
    si = cem.read(real("digitalmicrograph_3D_EELS_SI.dm4"))[0]
    assert si.kind == "spectrum-image"
    assert si.array.shape == (2, 2, 2048)
    assert si.axis("x").unit == "nm" and si.axis("x").scale == pytest.approx(1.99207, rel=1e-5)  # 0.00199 µm in the file
    assert si.axis("energy").offset == 300.0 and si.axis("energy").unit == "eV"
    cube = cem.read(real("emd_Si100_4D.emd"))[0]
    assert cube.array.shape == (11, 11, 8, 8)
    assert [a.unit for a in cube.axes] == ["nm", "nm", "1/nm", "1/nm"]


def test_atoms_dataframe_equals_the_command_lines_atoms_csv(tmp_path):
    img = perovskite()
    npy = tmp_path / "sim.npy"
    np.save(npy, img)
    cli("atoms", npy, "--out", tmp_path / "out")
    csv = pd.read_csv(tmp_path / "out" / "atoms.csv", float_precision="round_trip")
    from_file = cem.atoms(npy)
    from_array = cem.atoms(img)
    assert len(csv) > 150  # ~2 columns per cell over 11 × 12 cells
    assert list(from_file.columns) == list(csv.columns)
    pd.testing.assert_frame_equal(from_file, csv, check_exact=True)
    pd.testing.assert_frame_equal(from_array, csv, check_exact=True)
    assert set(csv["sublattice"]) <= {"A", "B", "unindexed"}
    assert from_file.attrs["units"]["x_px"] == "px"
    assert list(from_file.attrs["units"]) == list(csv.columns)
    tables = cem.atoms(img, tables=True)
    cells = pd.read_csv(tmp_path / "out" / "cells.csv", float_precision="round_trip")
    pd.testing.assert_frame_equal(tables.cells, cells, check_exact=True)
    assert tables.summary["columns"] == len(csv)


def test_ferroic_on_the_demo_image_returns_the_demo_graph(tmp_path):
    cli("demo", "--seed", "1", "--bootstrap", "10", "--out", tmp_path / "demo")
    demo = json.loads((tmp_path / "demo" / "results.json").read_text())["graph"]
    image, truth = cem.simulate_ferroic(seed=1)
    assert image.array.shape == (748, 748)  # the demo scene: 36 × 36 cells at 17° to the scan
    res = cem.ferroic(image, lattice="perovskite", bootstrap=10, seed=1)
    got = res.graph.edges
    assert len(got) == len(demo["edges"]) > 0
    for e, row in zip(demo["edges"], got.itertuples(index=False)):
        assert (row.source, row.target, row.type, row.status) == (e["from"], e["to"], e["type"], e["status"])
        assert row.confidence == pytest.approx(e["confidence"], abs=1e-12)
        assert row.coefficient == pytest.approx(e["coefficient"], rel=1e-9)
    assert ("intensity_A", "polarization_y_px") in truth  # searched as intensity_A_norm
    assert res.graph.edge("intensity_A_norm", "polarization_y_px").status == "supported"


def test_fourd_maps_equal_the_command_lines_arrays(tmp_path):
    f = real("emd_Si100_4D.emd")
    cli("fourd", f, "--com", "--out", tmp_path / "f")
    r = cem.fourd(f, com=True)
    for name in ("virtual_bf", "com_x", "dpc_y"):
        np.testing.assert_array_equal(r.maps[name].array, np.load(tmp_path / "f" / (name + ".npy")))
    assert [a.name for a in r.maps["com_x"].axes] == ["ry", "rx"]
    assert r.maps["com_x"].axes[0].scale == 0.5 and r.maps["com_x"].axes[0].unit == "nm"
    from_array = cem.fourd(cem.read(f)[0], com=True)
    np.testing.assert_array_equal(from_array.maps["com_x"].array, r.maps["com_x"].array)


def test_eels_maps_equal_the_command_lines_arrays(tmp_path):
    f = real("SI-EELS_Spectrum_Image.dm3")
    cli("eels", f, "--edges", "Ti-L23,O-K", "--components", "2", "--out", tmp_path / "e")
    r = cem.eels(f, edges=["Ti-L23", "O-K"], components=2)
    np.testing.assert_array_equal(r.maps["map_O-K"].array, np.load(tmp_path / "e" / "map_O-K.npy"))
    np.testing.assert_array_equal(r.maps["onset_flag_O-K"].array, np.load(tmp_path / "e" / "onset_flag_O-K.npy"))
    np.testing.assert_array_equal(r.extra["pca_loadings"].array, np.load(tmp_path / "e" / "loadings.npy"))
    px = pd.read_csv(tmp_path / "e" / "pixels.csv")
    assert list(r.pixels.columns) == list(px.columns)


def test_numpy_arrays_go_to_java_in_bulk():
    big = np.random.default_rng(1).random((2048, 2048), dtype=np.float32)
    from causalem import _java

    j = _java.floats(big)
    back = _java.array(j)
    np.testing.assert_array_equal(back.reshape(big.shape), big)


def chain_frame(n=400, seed=5):
    """a → b → c (Gaussian) with a text label, as a notebook would hold it."""
    rng = np.random.default_rng(seed)
    a = rng.normal(size=n)
    b = 0.8 * a + rng.normal(size=n)
    c = 0.7 * b + rng.normal(size=n)
    return pd.DataFrame({"a": a, "b": b, "c": c, "label": np.where(a > 0, "hi", "lo")})


def test_discover_on_a_dataframe_equals_the_command_line_on_its_csv(tmp_path):
    df = chain_frame()
    df.to_csv(tmp_path / "t.csv")  # with pandas' index column
    cli("discover", tmp_path / "t.csv", "--columns", "a,b,c", "--bootstrap", "20", "--seed", "3", "--out", tmp_path / "d")
    edges = pd.read_csv(tmp_path / "d" / "edges.csv")
    r = cem.discover(df, columns=["a", "b", "c"], bootstrap=20, seed=3)
    got = r.graph.edges
    assert list(zip(got.source, got.target, got.type)) == list(zip(edges["from"], edges["to"], edges["type"]))
    np.testing.assert_allclose(got.confidence.to_numpy(), edges["confidence"].to_numpy(), rtol=0, atol=1e-12)
    assert {("a", "b"), ("b", "c")} == {tuple(sorted((s, t))) for s, t in zip(got.source, got.target)}
    from_file = cem.discover(tmp_path / "t.csv", columns=["a", "b", "c"], bootstrap=20, seed=3)
    pd.testing.assert_frame_equal(from_file.graph.edges, got)
    assert any("label" in n for n in from_file.notes)


def test_gp_bayes_laws_on_dataframes_equal_the_command_line(tmp_path):
    df = chain_frame()
    df.to_csv(tmp_path / "t.csv", index=False)
    cli("gp", tmp_path / "t.csv", "--target", "c", "--inputs", "a,b", "--seed", "2", "--out", tmp_path / "g")
    gj = json.loads((tmp_path / "g" / "gp.json").read_text())
    g = cem.gp(df, "c", inputs=["a", "b"], seed=2)
    pred = pd.read_csv(tmp_path / "g" / "predictions.csv")
    np.testing.assert_allclose(g.predictions["cv_mean"].to_numpy(), pred["cv_mean"].to_numpy(), rtol=1e-12)
    assert g.r2 == pytest.approx(gj["cross_validation"]["r2"], rel=1e-12)

    models = "chain: c ~ b\nskip: c ~ a\nboth: c ~ a + b\n"
    (tmp_path / "m.txt").write_text(models)
    cli("bayes", tmp_path / "t.csv", "--target", "c", "--models", tmp_path / "m.txt", "--out", tmp_path / "b")
    bj = json.loads((tmp_path / "b" / "bayes.json").read_text())
    b = cem.bayes(df, "c", models)
    want = {m["name"]: m["posterior_probability"] for m in bj["models"]}
    assert dict(zip(b.model, b.probability)) == pytest.approx(want, rel=1e-9)
    assert b.attrs["best"] == max(want, key=want.get)

    t = np.linspace(0, 20, 801)
    x = np.exp(-0.1 * t) * np.cos(t)
    y = np.exp(-0.1 * t) * (-0.1 * np.cos(t) - np.sin(t))
    series = pd.DataFrame({"t": t, "x": x, "y": y})
    series.to_csv(tmp_path / "s.csv", index=False)
    cli("laws", tmp_path / "s.csv", "--time", "t", "--state", "x,y", "--seed", "3", "--out", tmp_path / "l")
    lj = json.loads((tmp_path / "l" / "laws.json").read_text())
    law = cem.laws(series, "t", ["x", "y"], seed=3)
    assert law.equations == [e["equation"] for e in lj["equations"]]
    assert law.coefficients.loc["y", "x"] == pytest.approx(1.0, abs=0.05)  # dx/dt = y


def test_transition_on_the_simulated_movie_equals_the_command_line(tmp_path):
    cli("transition", "--simulate", "dopant", "--seed", "1", "--out", tmp_path / "t")
    rj = json.loads((tmp_path / "t" / "results.json").read_text())
    sites = pd.read_csv(tmp_path / "t" / "sites.csv", float_precision="round_trip")
    tr = cem.transition(simulate="dopant", seed=1)
    pd.testing.assert_frame_equal(tr.sites, sites, check_dtype=False, check_exact=True)
    pred = rj["prediction"]
    assert tr.auc == pytest.approx(pred["auc"], rel=1e-12)
    assert sorted(tr.causes) == sorted(rj["causes_of_nucleation"])
    assert tr.auc > 0.8  # the dopant mechanism is predictable from the pre-event neighbourhood
    assert tr.lattice == "hexagonal"
    want = {g["descriptor"]: g["p_beyond_own_state"] for g in rj["granger"]["descriptors"]}
    assert dict(zip(tr.granger.descriptor, tr.granger.p_beyond_own_state)) == pytest.approx(want, rel=1e-12)


def test_multimodal_on_the_simulated_pair_returns_the_commands_graph(tmp_path):
    cli("multimodal", "--simulate", "--bootstrap", "5", "--seed", "1", "--out", tmp_path / "m")
    rj = json.loads((tmp_path / "m" / "results.json").read_text())
    mm = cem.multimodal(simulate=True, bootstrap=5, seed=1)
    got = mm.causal.graph.edges
    want = rj["graph"]["edges"]
    assert list(zip(got.source, got.target, got.type, got.status)) == [(e["from"], e["to"], e["type"], e["status"]) for e in want]
    assert len(mm.registered) > 0 and set(mm.registered) <= set(mm.table.columns)


def test_bad_input_is_a_value_error_naming_the_python_keywords():
    df = chain_frame()
    with pytest.raises(ValueError, match=r"`subsample` must be"):
        cem.gp(df, "c", inputs=["a", "b"], subsample=5)
    with pytest.raises(ValueError, match=r"`noise_shape` must be > 0"):
        cem.bayes(df, "c", "m: c ~ a\n", noise_shape=-1.0)
    assert cem._java.python_names("`latticeConstant` and `sgOrder` and `seed`") == \
        "`lattice_constant_nm` and `sg_order` and `seed`"
