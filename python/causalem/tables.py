"""The table workflows (discover, gp, bayes, laws) on a CSV file or a pandas DataFrame, through the typed workflow classes
``org.causalem.workflow.{Discover,Gp,Bayes,Laws}Analysis``."""
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional

import numpy as np
import pandas as pd

from . import _java
from ._java import J
from .api import CausalGraph, _edge_symbol, table_frame


def _path(p):
    return J("java.nio.file.Path").of(str(p))


def _numeric_table(df, used=None):
    """A DataFrame as a Java DescriptorTable: the ``used`` columns (default every column, which must then all be numeric),
    NaN for missing values. The index is not a column. Returns (table, discrete flags)."""
    if not isinstance(df, pd.DataFrame):
        raise TypeError("expected a path or a pandas DataFrame, got %s" % type(df).__name__)
    names = list(used) if used is not None else [str(c) for c in df.columns]
    missing = [n for n in names if n not in df.columns]
    if missing:
        raise KeyError("no column %s in the DataFrame; columns are %s" % (missing, list(df.columns)))
    cols = []
    for n in names:
        s = df[n]
        if not pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
            raise ValueError("column %r holds text (%r); select numeric columns" % (n, s.dropna().iloc[0] if s.notna().any() else s.dtype))
        cols.append(np.ascontiguousarray(s.to_numpy(dtype=np.float64)))
    arr = np.vstack(cols) if cols else np.zeros((0, len(df)))
    jcols = _java.jpype_array2(arr)
    table = J("table.DescriptorTable").of(_java.jlist(names), jcols)
    discrete = [bool(np.all(np.isnan(c) | ((c == np.rint(c)) & (np.abs(c) <= 1e9))) and np.any(~np.isnan(c))) for c in cols]
    return table, discrete


# ---------------------------------------------------------------------------------------------------------- discover


@dataclass
class DiscoverResult:
    """``causalem discover``: the found ``graph`` (edges with bootstrap confidence and LiNGAM coefficient), the searched
    ``table``, requested ``effects``, and notes."""

    graph: CausalGraph
    table: pd.DataFrame
    effects: pd.DataFrame
    dropped_rows: int
    notes: List[str]


@_java.python_errors
def discover(data, method="pc", columns=None, nuisance=None, alpha=0.05, test=None, score=None, bootstrap=0, seed=1,
             prior=None, effects=None, threads=None):
    """Causal discovery on a table (a CSV path or a DataFrame): method pc, fci, ges, lingam or pairwise; columns,
    nuisance (exogenous instrument columns), test (fisher-z, chi-square, g-square, kci, ...), score (bic, bdeu),
    prior (a knowledge file path), effects [(cause, effect), ...]. Rows with a missing value are dropped."""
    A = J("workflow.DiscoverAnalysis")
    Optional_ = J("java.util.Optional")
    opts = A.Options.defaults().withMethod(A.Method.valueOf(method.upper())).withAlpha(float(alpha)) \
        .withBootstrap(int(bootstrap)).withSeed(int(seed))
    if test is not None:
        opts = opts.withTest(Optional_.of(_enum_by_label(A.Test, test)))
    if score is not None:
        opts = opts.withScore(Optional_.of(A.ScoreType.valueOf(score.upper())))
    if columns:
        opts = opts.withColumns(_java.jlist(columns))
    if nuisance:
        opts = opts.withNuisance(_java.jlist(nuisance))
    if prior is not None:
        opts = opts.withPrior(Optional_.of(_path(prior)))
    if effects:
        lst = J("java.util.ArrayList")()
        for c, e in effects:
            lst.add(A.Effect(c, e))
        opts = opts.withEffects(lst)
    if threads:
        opts = opts.withThreads(int(threads))
    if isinstance(data, (str, os.PathLike)):
        r = A(opts).run(_path(data))
    else:
        used = list(columns) if columns else None
        if used is not None and nuisance:
            used += [n for n in nuisance if n not in used]
        df = data
        sel = df[used] if used is not None else df
        complete = sel.notna().all(axis=1)
        dropped = int((~complete).sum())
        table, discrete = _numeric_table(df[complete.to_numpy()], used)
        read = J("io.TableReader").Result(table, _java.jpype_bools(discrete), dropped)
        r = A(opts).run(read, "DataFrame")
    edges = pd.DataFrame([{"source": str(getattr(e, "from_")()), "target": str(e.to()), "type": _edge_symbol(e.type()),
                           "confidence": np.nan if e.confidence() is None else float(e.confidence()),
                           "coefficient": np.nan if e.coefficient() is None else float(e.coefficient())}
                          for e in r.edges()], columns=["source", "target", "type", "confidence", "coefficient"])
    graph = CausalGraph(_java.strings(r.graph().nodes()), edges)
    eff = pd.DataFrame([_java.to_python(_record(x)) for x in r.effects()])
    return DiscoverResult(graph, table_frame(r.table()), eff, int(r.droppedRows()), _java.strings(r.notes()))


def _record(x):
    """A Java record as a dict of its components."""
    out = {}
    for c in x.getClass().getRecordComponents():
        out[str(c.getName())] = c.getAccessor().invoke(x)
    return {k: _java.to_python(v) for k, v in out.items()}


def _enum_by_label(enum, label):
    for v in enum.values():
        if str(v.label()) == label or str(v.name()).lower() == label.replace("-", "_").lower():
            return v
    raise ValueError("unknown %s %r; expected one of %s" % (enum.__name__, label, [str(v.label()) for v in enum.values()]))


# ---------------------------------------------------------------------------------------------------------- gp


@dataclass
class GpResult:
    """``causalem gp``: per used row the target, the fitted mean and its sd and the held-out prediction; the
    cross-validated r2, rmse and 95 % coverage."""

    predictions: pd.DataFrame
    r2: float
    rmse: float
    coverage95: float
    scheme: str
    feature_names: List[str]
    notes: List[str]


@_java.python_errors
def gp(data, target, inputs=None, coords=None, neighbours=None, kernel=None, method=None, folds=None, blocks=None,
       subsample=None, seed=1):
    """Gaussian-process regression of ``target`` on ``inputs`` (and the target at the K nearest sites with
    ``neighbours``, needing ``coords``), cross-validated in spatial blocks with ``coords`` (``blocks`` "3x3"), else
    ``folds`` random folds. kernel: rbf, matern32, matern52 (default, as the command); method: ml (default) or nuts."""
    A = J("workflow.GpAnalysis")
    b = A.Options.builder(target).inputs(_java.jlist(inputs or [])).seed(int(seed))
    if coords:
        b = b.coords(_java.jlist(coords))
    if neighbours:
        b = b.neighbours(int(neighbours))
    if folds:
        b = b.folds(int(folds))
    if blocks:
        b = b.blocks(A.Blocks.parse(blocks))
    if subsample:
        b = b.subsample(int(subsample))
    if kernel is not None:
        b = b.kernel(_enum_by_label(A.KernelType, kernel))
    if method is not None:
        b = b.method(A.Method.valueOf(method.upper()))
    opts = b.build()
    if isinstance(data, (str, os.PathLike)):
        r = A(opts).run(_path(data))
    else:
        used = [target] + list(inputs or []) + list(coords or [])
        table, _ = _numeric_table(data, list(dict.fromkeys(used)))
        r = A(opts).run(table, "DataFrame")
    rows = _java.array(r.rows())
    cv = r.crossValidation()
    pred = pd.DataFrame({"row": rows, "observed": _java.array(r.y()), "fitted": _java.array(r.fitted().mean()),
                         "fitted_sd": _java.array(r.fitted().observationSd()), "fold": _java.array(r.fold()),
                         "cv_mean": _java.array(cv.mean()), "cv_sd": _java.array(cv.sd())})
    return GpResult(pred, float(cv.r2()), float(cv.rmse()), float(cv.coverage95()), str(r.scheme()),
                    _java.strings(r.featureNames()), _java.strings(r.notes()))


# ---------------------------------------------------------------------------------------------------------- bayes


@_java.python_errors
def bayes(data, target, models, g=None, noise_shape=1.0, noise_rate=None):
    """Bayesian comparison of linear models of ``target``: ``models`` is the text of a models file (``name: y ~ x1 +
    x2^2``, one per line) or its path. Returns a DataFrame, one row per model: posterior probability, log evidence,
    coefficient means, information gain (nats)."""
    A = J("workflow.BayesAnalysis")
    tmp = None
    if isinstance(models, (str, os.PathLike)) and Path(str(models)).is_file():
        mpath = Path(str(models))
    else:
        tmp = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
        tmp.write(str(models))
        tmp.close()
        mpath = Path(tmp.name)
    try:
        OD = J("java.util.OptionalDouble")
        opts = A.Options.of(target, _path(mpath)).withG(OD.empty() if g is None else OD.of(float(g))) \
            .withNoiseShape(float(noise_shape)).withNoiseRate(OD.empty() if noise_rate is None else OD.of(float(noise_rate)))
        if isinstance(data, (str, os.PathLike)):
            r = A(opts).run(_path(data))
        else:
            formulas = A.parseModels(_path(mpath))
            used = [target]
            for f in formulas:
                used += [str(v) for v in f.variables()]
            table, _ = _numeric_table(data, list(dict.fromkeys(used)))
            r = A(opts).run(table, "DataFrame", formulas)
    finally:
        if tmp is not None:
            os.unlink(tmp.name)
    rows = []
    for k in r.ranked():
        p = k.posterior()
        rows.append({"model": str(k.name()), "probability": float(k.posteriorProbability()),
                     "log_evidence": float(p.logEvidence()), "coefficients": _java.array(p.coefficientMean()).tolist(),
                     "information_gain_nats": float(p.informationGainNats())})
    out = pd.DataFrame(rows)
    out.attrs["best"] = str(r.best().name())
    out.attrs["rows"] = int(r.rows())
    return out


# ---------------------------------------------------------------------------------------------------------- laws


@dataclass
class LawsResult:
    """``causalem laws``: the equations as text, the coefficient table (one row per library term, one column per
    state variable), inclusion probabilities, and the law integrated from the first state."""

    equations: List[str]
    coefficients: pd.DataFrame
    inclusion_probability: pd.DataFrame
    simulation: pd.DataFrame
    diverged: bool


@_java.python_errors
def laws(data, time, state, degree=2, threshold=None, bootstrap=None, seed=1):
    """Sparse governing equations d(state)/dt = f(state) (SINDy) from a time series (path or DataFrame)."""
    A = J("workflow.LawsAnalysis")
    opts = A.Options.of(time, _java.jlist(state)).withDegree(int(degree)).withSeed(int(seed))
    if threshold is not None:
        opts = opts.withThreshold(J("java.util.OptionalDouble").of(float(threshold)))
    if bootstrap is not None:
        opts = opts.withBootstrap(int(bootstrap))
    if isinstance(data, (str, os.PathLike)):
        r = A(opts).run(_path(data))
    else:
        table, _ = _numeric_table(data, [time] + list(state))
        r = A(opts).run(table, "DataFrame")
    law = r.discovery().law()
    terms = _java.strings(law.library().names())
    coef = np.array([_java.array(row) for row in law.coefficients()])
    coefficients = pd.DataFrame(coef.T if coef.shape[0] == len(state) else coef, index=terms, columns=list(state)) \
        if coef.size else pd.DataFrame(index=terms, columns=list(state))
    inc = np.array([_java.array(row) for row in r.discovery().inclusionProbability()])
    inclusion = pd.DataFrame(inc.T if inc.shape[0] == len(state) else inc, index=terms, columns=list(state)) \
        if inc.size else pd.DataFrame(index=terms, columns=list(state))
    sim = pd.DataFrame({time: _java.array(r.t())})
    for j, s in enumerate(state):
        sim[s] = _java.array(r.simulation()[j])
    return LawsResult(_java.strings(law.describe(time)), coefficients, inclusion, sim, bool(r.diverged()))
