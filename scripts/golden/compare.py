#!/usr/bin/env python3
"""Compare two output trees written by run.sh: every JSON number, CSV cell and NPY value must agree.

usage: compare.py BEFORE AFTER [--rtol 1e-9]
HDF5 outputs (.emd) are compared by content (h5py). Ignored: timings, dates, versions, hashes of outputs, absolute paths and figures (PNG/SVG/HTML),
which legitimately change between builds. Exit 0 when identical within rtol, 1 otherwise.
"""
import csv, json, math, os, struct, sys

IGNORED_KEYS = {"causalem_version", "version", "command_line", "started", "finished", "path", "java", "sha256",
                "fingerprint_sha256", "modified", "output_files", "timings_s", "total_s", "seconds", "elapsed_s"}
ROOTS = ["", ""]
SKIP_EXT = (".png", ".svg", ".html", ".pdf", ".dot", ".lock")


def ignored(key):
    k = key.lower()
    return k in IGNORED_KEYS or k.startswith("timing") or k.endswith("_seconds")


def close(a, b, rtol):
    if a == b:
        return True
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return abs(a - b) <= rtol * max(abs(a), abs(b), 1e-300) or abs(a - b) < 1e-12


def same_text(a, b):
    """Equal once the output roots and the checkout holding ../shared/data are factored out."""
    a, b = a.replace(ROOTS[0], "ROOT"), b.replace(ROOTS[1], "ROOT")
    if "shared/data/" in a and "shared/data/" in b:
        a, b = a[a.index("shared/data/"):], b[b.index("shared/data/"):]
    return a == b


def num(s):
    try:
        return float(s)
    except ValueError:
        return None


def cmp_json(a, b, where, rtol, diffs):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if ignored(k):
                continue
            if k not in a or k not in b:
                diffs.append(f"{where}.{k}: only in {'after' if k in b else 'before'}")
                continue
            cmp_json(a[k], b[k], f"{where}.{k}", rtol, diffs)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            diffs.append(f"{where}: length {len(a)} -> {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            cmp_json(x, y, f"{where}[{i}]", rtol, diffs)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if not close(float(a), float(b), rtol):
            diffs.append(f"{where}: {a} -> {b}")
    elif isinstance(a, str) and isinstance(b, str) and same_text(a, b):
        pass
    elif a != b:
        diffs.append(f"{where}: {a!r} -> {b!r}")


def cmp_csv(pa, pb, where, rtol, diffs):
    with open(pa, newline="", encoding="utf-8-sig") as fa, open(pb, newline="", encoding="utf-8-sig") as fb:
        ra, rb = list(csv.reader(fa)), list(csv.reader(fb))
    if len(ra) != len(rb):
        diffs.append(f"{where}: {len(ra)} rows -> {len(rb)}")
    for i, (x, y) in enumerate(zip(ra, rb)):
        if len(x) != len(y):
            diffs.append(f"{where} row {i}: {len(x)} cells -> {len(y)}")
            continue
        for j, (u, v) in enumerate(zip(x, y)):
            if u == v:
                continue
            nu, nv = num(u), num(v)
            if nu is None or nv is None or not close(nu, nv, rtol):
                diffs.append(f"{where} row {i} col {j}: {u} -> {v}")


def cmp_npy(pa, pb, where, rtol, diffs):
    try:
        import numpy as np
    except ImportError:
        if open(pa, "rb").read() != open(pb, "rb").read():
            diffs.append(f"{where}: bytes differ (numpy absent for a numeric comparison)")
        return
    a, b = np.load(pa), np.load(pb)
    if a.shape != b.shape or a.dtype != b.dtype:
        diffs.append(f"{where}: {a.shape} {a.dtype} -> {b.shape} {b.dtype}")
    elif not np.allclose(a, b, rtol=rtol, atol=1e-12, equal_nan=True):
        diffs.append(f"{where}: max |diff| {np.nanmax(np.abs(a.astype(float) - b.astype(float)))}")


def cmp_hdf5(pa, pb, where, rtol, diffs):
    """HDF5 files (.emd, .h5): the same objects, datasets (dtype, shape, values) and attributes; the writer's own
    signature attribute (jhdf's '_jHDF') and the layout of the bytes are not compared."""
    try:
        import h5py
        import numpy as np
    except ImportError:
        if open(pa, "rb").read() != open(pb, "rb").read():
            diffs.append(f"{where}: bytes differ (h5py absent for a comparison of the contents)")
        return

    def load(p):
        out = {}
        with h5py.File(p, "r") as f:
            def attrs(o):
                return {k: o.attrs[k] for k in o.attrs if k != "_jHDF"}
            out["/"] = ("group", attrs(f))
            f.visititems(lambda n, o: out.__setitem__(n, (o.dtype, o.shape, o[()], attrs(o)) if isinstance(o, h5py.Dataset) else ("group", attrs(o))))
        return out

    def same_attrs(x, y):
        return x.keys() == y.keys() and all(np.array_equal(np.asarray(x[k]), np.asarray(y[k])) for k in x)

    a, b = load(pa), load(pb)
    for k in sorted(a.keys() ^ b.keys()):
        diffs.append(f"{where}:{k}: only in {'after' if k in b else 'before'}")
    for k in sorted(a.keys() & b.keys()):
        x, y = a[k], b[k]
        if x[0] == "group" or y[0] == "group":
            if x[0] != y[0] or not same_attrs(x[1], y[1]):
                diffs.append(f"{where}:{k}: group or attributes differ")
        elif x[0] != y[0] or x[1] != y[1]:
            diffs.append(f"{where}:{k}: {x[1]} {x[0]} -> {y[1]} {y[0]}")
        elif not np.allclose(x[2], y[2], rtol=rtol, atol=1e-12, equal_nan=True) or not same_attrs(x[3], y[3]):
            diffs.append(f"{where}:{k}: values or attributes differ")


def main():
    args = sys.argv[1:]
    rtol = 1e-9
    if "--rtol" in args:
        i = args.index("--rtol"); rtol = float(args[i + 1]); del args[i:i + 2]
    before, after = args
    ROOTS[:] = [os.path.abspath(before), os.path.abspath(after)]
    diffs, compared = [], 0
    for root, _, files in os.walk(before):
        for f in sorted(files):
            pa = os.path.join(root, f)
            rel = os.path.relpath(pa, before)
            pb = os.path.join(after, rel)
            if f.endswith(SKIP_EXT) or f in ("stdout", "stderr"):
                continue
            if not os.path.exists(pb):
                diffs.append(f"{rel}: missing after")
                continue
            compared += 1
            if f.endswith(".json") and os.path.getsize(pa) > 0 and os.path.getsize(pb) > 0:
                cmp_json(json.load(open(pa)), json.load(open(pb)), rel, rtol, diffs)
            elif f.endswith(".csv"):
                cmp_csv(pa, pb, rel, rtol, diffs)
            elif f.endswith(".npy"):
                cmp_npy(pa, pb, rel, rtol, diffs)
            elif f.endswith((".emd", ".h5", ".hdf5")):
                cmp_hdf5(pa, pb, rel, rtol, diffs)
            elif open(pa, "rb").read() != open(pb, "rb").read():
                diffs.append(f"{rel}: bytes differ")
    for d in diffs[:200]:
        print(d)
    per_file = {}
    for d in diffs:
        f = d.split(":")[0].split(" row ")[0].split(".json.")[0]
        per_file[f] = per_file.get(f, 0) + 1
    if len(per_file) > 1 or len(diffs) > 200:
        print("differences per file:")
        for f, n in sorted(per_file.items()):
            print(f"  {n:7d}  {f}")
    print(f"{compared} files compared, {len(diffs)} differences (rtol {rtol})")
    sys.exit(1 if diffs else 0)


if __name__ == "__main__":
    main()
