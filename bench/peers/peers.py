"""Side-by-side peers for CausalEM's benchmarks (issue 17): generates the shared data and times the
Python peers on it. Run through bench/peers/run.sh with Debian's /usr/bin/python3.

  peers.py gen DIR             write the data every side reads (fixed seeds)
  peers.py hyperspy DIR ROUNDS HyperSpy SVD and NMF(3) of the EELS cube -> DIR/hyperspy.json
  peers.py sklearn DIR ROUNDS  sklearn randomized PCA(3) of the cube, GP regression -> DIR/sklearn.json
  peers.py pandas DIR ROUNDS   pandas.read_csv of the 10 000 x 20 table -> DIR/pandas.json
  peers.py lingam DIR ROUNDS   lingam.DirectLiNGAM on the same table -> DIR/lingam.json
  peers.py report DIR          factor correlations and the ratio table from every DIR/*.json
The cube is 128 x 128 x 2048 unless PEERS_SIDE gives another side (256: the 512 MiB cube of issue 17).
"""
import itertools
import json
import os
import sys
import time

import numpy as np

SIDE, CHANNELS, E0, DE = int(os.environ.get("PEERS_SIDE", "128")), 2048, 100.0, 0.5


def true_spectra():
    e = E0 + DE * np.arange(CHANNELS)

    def edge(onset, decay):
        return np.where(e >= onset, np.exp(-(e - onset) / decay), 0.0)

    def peak(centre, width):
        return np.exp(-0.5 * ((e - centre) / width) ** 2)

    s = np.stack([
        0.6 * edge(285, 120) + peak(290, 4) + 0.2 * peak(700, 60),
        0.7 * edge(532, 150) + 0.8 * peak(540, 6) + 0.15 * peak(250, 40),
        0.5 * edge(850, 200) + 0.9 * peak(860, 5) + 0.6 * peak(456, 8),
    ])
    return s / s.max(axis=1, keepdims=True)


def true_maps(rng):
    y, x = np.mgrid[0:SIDE, 0:SIDE] / (SIDE - 1)
    fields = np.stack([
        np.cos(3 * x) + 0.5 * np.sin(5 * y),
        np.exp(-((x - 0.3) ** 2 + (y - 0.6) ** 2) / 0.02) * 4,
        2 * np.sin(4 * (x + y)) + 0.3 * rng.standard_normal((SIDE, SIDE)),
    ])
    a = np.exp(2 * fields)
    return a / a.sum(axis=0, keepdims=True)


def gen(d):
    os.makedirs(d, exist_ok=True)
    rng = np.random.default_rng(17)
    s = true_spectra()
    a = true_maps(rng)
    mean = np.einsum("myx,mc->yxc", a, s) * 40.0 + 2.0
    cube = rng.poisson(mean).astype(np.float32)
    np.save(os.path.join(d, "eels_cube.npy"), cube)
    np.save(os.path.join(d, "eels_true_spectra.npy"), s.astype(np.float32))
    # 20-variable linear non-Gaussian SEM (uniform noise), 10 000 rows, random DAG with ~2 parents each
    p, n = 20, 10000
    order = rng.permutation(p)
    b = np.zeros((p, p))
    for i in range(1, p):
        parents = rng.choice(i, size=min(i, 2), replace=False)
        for q in parents:
            b[order[i], order[q]] = rng.choice([-1, 1]) * rng.uniform(0.5, 1.5)
    x = np.zeros((n, p))
    for i in range(p):
        v = order[i]
        x[:, v] = x @ b[v] + rng.uniform(-1, 1, n)
    names = [f"x{j + 1}" for j in range(p)]
    with open(os.path.join(d, "sem.csv"), "w") as f:
        f.write(",".join(names) + "\n")
        for row in x:
            f.write(",".join(repr(float(v)) for v in row) + "\n")
    np.savetxt(os.path.join(d, "sem_true_adjacency.csv"), (b != 0).astype(int), fmt="%d", delimiter=",")
    # GP regression: 800 training + 800 test points, 2 inputs
    xg = rng.uniform(-3, 3, (1600, 2))
    yg = np.sin(2 * xg[:, 0]) * np.cos(xg[:, 1]) + 0.1 * rng.standard_normal(1600)
    np.savetxt(os.path.join(d, "gp.csv"), np.column_stack([xg, yg]), delimiter=",", header="x1,x2,y", comments="")
    print(f"data in {d}: eels_cube.npy {cube.shape} float32, sem.csv {n} x {p}, gp.csv 1600 x 3")


def best(fn, rounds):
    times, out = [], None
    for _ in range(rounds):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), times, out


def dump(d, name, obj):
    with open(os.path.join(d, name), "w") as f:
        json.dump(obj, f, indent=1)


def run_hyperspy(d, rounds):
    import hyperspy
    import hyperspy.api as hs
    cube = np.load(os.path.join(d, "eels_cube.npy"))
    res = {"version": hyperspy.__version__}

    def svd():
        s = hs.signals.Signal1D(cube)
        s.decomposition(algorithm="SVD", print_info=False)
        return s.get_decomposition_factors().data[:3].copy()

    def nmf():
        s = hs.signals.Signal1D(cube)
        s.decomposition(algorithm="NMF", output_dimension=3, print_info=False)
        return s.get_decomposition_factors().data.copy()

    t, ts, f = best(svd, rounds)
    np.save(os.path.join(d, "hyperspy_svd_factors.npy"), f)
    res["svd_s"], res["svd_rounds"] = t, ts
    t, ts, f = best(nmf, rounds)
    np.save(os.path.join(d, "hyperspy_nmf_factors.npy"), f)
    res["nmf_s"], res["nmf_rounds"] = t, ts
    dump(d, "hyperspy.json", res)


def run_sklearn(d, rounds):
    import sklearn
    from sklearn.decomposition import PCA
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel
    cube = np.load(os.path.join(d, "eels_cube.npy")).reshape(-1, CHANNELS)
    res = {"version": sklearn.__version__}
    t, ts, f = best(lambda: PCA(3, svd_solver="randomized", random_state=0).fit(cube).components_, rounds)
    np.save(os.path.join(d, "sklearn_pca_factors.npy"), f)
    res["pca_s"], res["pca_rounds"] = t, ts
    g = np.loadtxt(os.path.join(d, "gp.csv"), delimiter=",", skiprows=1)
    tr, te = g[:800], g[800:]
    kern = ConstantKernel() * Matern(length_scale=np.ones(2), nu=2.5) + WhiteKernel()

    def gp():
        return GaussianProcessRegressor(kern, n_restarts_optimizer=2, normalize_y=True, random_state=0).fit(tr[:, :2], tr[:, 2])

    t, ts, m = best(gp, rounds)
    res["gp_s"], res["gp_rounds"] = t, ts
    res["gp_test_rmse"] = float(np.sqrt(np.mean((m.predict(te[:, :2]) - te[:, 2]) ** 2)))
    dump(d, "sklearn.json", res)


def run_pandas(d, rounds):
    import pandas as pd
    path = os.path.join(d, "sem.csv")
    t, ts, df = best(lambda: pd.read_csv(path), rounds)
    dump(d, "pandas.json", {"version": pd.__version__, "read_s": t, "read_rounds": ts, "shape": list(df.shape)})


def run_lingam(d, rounds):
    import lingam
    import pandas as pd
    x = pd.read_csv(os.path.join(d, "sem.csv")).to_numpy()
    t, ts, m = best(lambda: lingam.DirectLiNGAM().fit(x), rounds)
    adj = (np.abs(m.adjacency_matrix_) > 0.1).astype(int)
    dump(d, "lingam.json", {"version": lingam.__version__, "fit_s": t, "fit_rounds": ts, "shd": shd(adj, true_adj(d))})


def true_adj(d):
    return np.loadtxt(os.path.join(d, "sem_true_adjacency.csv"), delimiter=",", dtype=int)


def shd(a, b):
    """Structural Hamming distance of two adjacency matrices (a[to, from]); a reversal counts once."""
    diff = 0
    p = a.shape[0]
    for i in range(p):
        for j in range(i + 1, p):
            if (a[i, j], a[j, i]) != (b[i, j], b[j, i]):
                diff += 1
    return diff


def nmf_correlation(factors, truth):
    """Pearson correlation of each true spectrum with its factor under the best one-to-one matching."""
    c = np.corrcoef(np.vstack([truth, factors]))[: len(truth), len(truth):]
    perm = max(itertools.permutations(range(factors.shape[0]), len(truth)),
               key=lambda p: sum(c[i, p[i]] for i in range(len(truth))))
    return [round(float(c[i, perm[i]]), 4) for i in range(len(truth))]


def span_correlation(factors, truth, mean=None):
    """How much of each true spectrum lies in the span of the factors (and the mean, for centred PCA):
    the correlation of the spectrum with its least-squares fit on that span."""
    basis = factors if mean is None else np.vstack([mean, factors])
    out = []
    for t in truth:
        coef, *_ = np.linalg.lstsq(basis.T, t, rcond=None)
        out.append(round(float(np.corrcoef(t, basis.T @ coef)[0, 1]), 4))
    return out


def cube_mean(d):
    """The mean spectrum sklearn's PCA centres on (its components span the data minus this mean)."""
    return np.load(os.path.join(d, "eels_cube.npy")).reshape(-1, CHANNELS).mean(axis=0, dtype=np.float64)


def load(d, name):
    p = os.path.join(d, name)
    if not os.path.exists(p):
        return None
    with open(p) as f:
        return json.load(f)


def report(d):
    truth = np.load(os.path.join(d, "eels_true_spectra.npy")).astype(float)
    hs, sk, pdj, lg, ours = (load(d, n) for n in ("hyperspy.json", "sklearn.json", "pandas.json", "lingam.json", "causalem.json"))
    if ours is None:
        sys.exit("no causalem.json: the CausalEM side did not run")
    f = lambda n: np.load(os.path.join(d, n)).astype(float)
    ours_pca = span_correlation(f("causalem_pca_factors.npy"), truth, f("causalem_pca_mean.npy"))
    ours_nmf = nmf_correlation(f("causalem_nmf_factors.npy"), truth)
    rows = []

    def row(work, peer, peer_s, ours_s, peer_q="", ours_q=""):
        ratio = f"{peer_s / ours_s:.1f}×" if peer_s and ours_s else "–"
        rows.append((work, peer, f"{peer_s:.3f} s" if peer_s else "not installed", f"{ours_s:.3f} s", ratio, peer_q, ours_q))

    eels = f"EELS {SIDE}×{SIDE}×{CHANNELS} float32"
    if hs:
        row(f"{eels}: PCA vs SVD", f"HyperSpy {hs['version']} SVD", hs["svd_s"], ours["pca_s"],
            "span " + str(span_correlation(f("hyperspy_svd_factors.npy"), truth)), "span " + str(ours_pca))
        row(f"{eels}: NMF(3)", f"HyperSpy {hs['version']} NMF", hs["nmf_s"], ours["nmf_s"],
            "r " + str(nmf_correlation(f("hyperspy_nmf_factors.npy"), truth)), "r " + str(ours_nmf))
    else:
        row(f"{eels}: PCA", "HyperSpy", None, ours["pca_s"], "", "span " + str(ours_pca))
        row(f"{eels}: NMF(3)", "HyperSpy", None, ours["nmf_s"], "", "r " + str(ours_nmf))
    if sk:
        row(f"{eels}: PCA(3)", f"sklearn {sk['version']} randomized PCA", sk["pca_s"], ours["pca_s"],
            "span " + str(span_correlation(f("sklearn_pca_factors.npy"), truth, cube_mean(d))), "span " + str(ours_pca))
        row("GP Matérn 5/2 ARD, 800 × 2 (3 starts)", f"sklearn {sk['version']} GaussianProcessRegressor", sk["gp_s"], ours["gp_s"],
            f"test RMSE {sk['gp_test_rmse']:.4f}", f"test RMSE {ours['gp_test_rmse']:.4f}")
    else:
        row("GP Matérn 5/2 ARD, 800 × 2", "sklearn", None, ours["gp_s"], "", f"test RMSE {ours['gp_test_rmse']:.4f}")
    row("CSV 10 000 × 20 (ours: first read in a fresh JVM)", f"pandas {pdj['version']} read_csv" if pdj else "pandas",
        pdj["read_s"] if pdj else None, ours["read_s"])
    row("DirectLiNGAM 20 × 10 000", f"lingam {lg['version']}" if lg else "lingam", lg["fit_s"] if lg else None,
        ours["lingam_s"], f"SHD {lg['shd']}" if lg else "", f"SHD {ours['lingam_shd']}")
    print("| work | peer | peer time | CausalEM time | peer / CausalEM | peer quality | CausalEM quality |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print(f"\nCausalEM CSV read: {ours['read_s']:.3f} s inside a fresh JVM; the whole JVM (start, read, exit) "
          f"{ours.get('read_jvm_s', float('nan')):.3f} s wall")


if __name__ == "__main__":
    cmd, d = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    {"gen": lambda: gen(d), "hyperspy": lambda: run_hyperspy(d, rounds), "sklearn": lambda: run_sklearn(d, rounds),
     "pandas": lambda: run_pandas(d, rounds), "lingam": lambda: run_lingam(d, rounds), "report": lambda: report(d)}[cmd]()
