"""The workflows: files or NumPy arrays in; pandas DataFrames, NumPy arrays with axes and causal graphs out."""
import math
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional

import numpy as np
import pandas as pd

from . import _java
from ._java import J


# ---------------------------------------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Axis:
    """A calibrated axis: the value of index i is ``offset + i * scale`` in ``unit`` (nm, 1/nm, eV; px uncalibrated)."""

    name: str
    size: int
    offset: float = 0.0
    scale: float = 1.0
    unit: str = "px"

    def values(self):
        return self.offset + self.scale * np.arange(self.size)

    @property
    def calibrated(self):
        return self.unit not in ("px", "")

    @staticmethod
    def _from_java(a):
        return Axis(str(a.name()), int(a.size()), float(a.offset()), float(a.scale()), str(a.unit()))

    def _to_java(self, size=None):
        return J("data.Axis")(self.name, int(self.size if size is None else size), float(self.offset), float(self.scale),
                              self.unit)


@dataclass
class Data:
    """One dataset of a file: ``array`` in C order with one :class:`Axis` per dimension (slowest first)."""

    name: str
    kind: str
    array: np.ndarray
    axes: List[Axis]
    metadata: Dict[str, object] = field(default_factory=dict)

    @property
    def shape(self):
        return self.array.shape

    def axis(self, name):
        for a in self.axes:
            if a.name == name:
                return a
        raise KeyError("no axis %r in %s (axes %s)" % (name, self.name, [a.name for a in self.axes]))

    def __repr__(self):
        axes = ", ".join("%s %d × %.6g %s" % (a.name, a.size, a.scale, a.unit) for a in self.axes)
        return "Data(%r, %s, %s, [%s])" % (self.name, self.kind, self.array.dtype, axes)


@_java.python_errors
def read(path, dataset=None):
    """Every dataset of a supported file (DM3/DM4, EMD, SER, MRC, TIFF, NPY, MIB, HDF5) as :class:`Data`.

    Returns a list; with ``dataset`` only that one. Arrays are copied into memory as float32 (float64 for double data).
    """
    df = J("io.Readers").open(J("java.nio.file.Path").of(str(path)))
    try:
        out = []
        for d in df.datasets():
            if dataset is not None and str(d.name()) != dataset:
                continue
            out.append(_data_from_java(d))
        if dataset is not None and not out:
            raise KeyError("%s: no dataset %r; it has %s" % (path, dataset, _java.strings(df.names())))
        return out[0] if dataset is not None else out
    finally:
        df.close()


def _data_from_java(d):
    axes = [Axis._from_java(a) for a in d.axes()]
    shape = tuple(a.size for a in axes)
    pixels = _pixels_of(d)
    if pixels is None:
        arr = _cube_array(d, shape)
    else:
        double = str(pixels.type().name()) in ("FLOAT64",)
        arr = _java.array(pixels.toDoubleArray() if double else pixels.toFloatArray()).reshape(shape)
    md = {str(k): _java.to_python(v) for k, v in d.metadata().summary().items()}
    return Data(str(d.name()), str(d.kind().label()), arr, axes, md)


def _pixels_of(d):
    try:
        return d.pixels()
    except AttributeError:
        return None


def _cube_array(cube, shape):
    """A 4-D cube read frame by frame (it may be memory-mapped from the file)."""
    ry, rx, qy, qx = shape
    out = np.empty(shape, dtype=np.float32)
    frame = _java.floats(np.zeros(qy * qx, np.float32))
    for r in range(ry):
        for c in range(rx):
            cube.readFrame(c, r, frame)
            out[r, c] = _java.array(frame).reshape(qy, qx)
    return out


def _image(src, dataset=None, pixel_size_nm=None, name="array"):
    """A Java Image from a path, a :class:`Data` or a 2-D array (pixel_size_nm calibrates an array)."""
    if isinstance(src, (str, os.PathLike)):
        data = read(src, dataset) if dataset is not None else _first(read(src), ("image", "stack"), src)
        return _image(data, pixel_size_nm=pixel_size_nm)
    if isinstance(src, Data):
        arr = src.array if src.array.ndim == 2 else src.array[0]
        axes = src.axes[-2:]
        img = _image_from_array(arr, axes, src.name)
        return img
    arr = np.asarray(src)
    if arr.ndim != 2:
        raise ValueError("expected a 2-D image array, got shape %s" % (arr.shape,))
    h, w = arr.shape
    if pixel_size_nm is None:
        axes = [Axis("y", h), Axis("x", w)]
    else:
        axes = [Axis("y", h, 0.0, float(pixel_size_nm), "nm"), Axis("x", w, 0.0, float(pixel_size_nm), "nm")]
    return _image_from_array(arr, axes, name)


def _image_from_array(arr, axes, name):
    arr = np.asarray(arr, dtype=np.float32)
    if not np.all(np.isfinite(arr)):
        raise ValueError("%s: the image has NaN or infinite pixels" % name)
    h, w = arr.shape
    md = J("data.Metadata")(J("java.util.Map").of(), J("java.util.Map").of())
    return J("data.Image")(name, J("data.Pixels").ofFloats(_java.floats(arr)), axes[0]._to_java(h), axes[1]._to_java(w), md)


def _first(datas, kinds, path):
    for d in datas:
        if d.kind in kinds:
            return d
    raise ValueError("%s holds no %s (it has %s)" % (path, " or ".join(kinds), [(d.name, d.kind) for d in datas]))


# ---------------------------------------------------------------------------------------------------------- tables


def table_frame(table, labels=None):
    """A Java DescriptorTable as a DataFrame: one column per table column, units in ``df.attrs['units']``.

    labels: {column: function(value) -> text} for coded columns (sublattice, fit_status).
    """
    names = _java.strings(table.names())
    units = _java.strings(table.units())
    cols = table.columns()
    data = {}
    for j, n in enumerate(names):
        v = _java.array(cols[j], np.float64)
        if labels and n in labels:
            f = labels[n]
            data[n] = pd.Series([f(x) for x in v], dtype=object)
        else:
            data[n] = v
    df = pd.DataFrame(data, columns=names)
    df.attrs["units"] = dict(zip(names, units))
    return df


_INTEGER_COLUMNS = ("row", "col", "found", "column", "outlier", "missing_sites", "converged")


def _atoms_frame(table, site_names):
    """The DataFrame ``pandas.read_csv('atoms.csv')`` gives: sublattice and fit status as text, whole-number columns as
    integers where no value is missing (as the CSV writes them)."""
    status = [str(s.label()) for s in J("image.FitStatus").values()]
    sites = list(site_names)
    labels = {
        "sublattice": lambda v: sites[int(v)] if not math.isnan(v) and 0 <= int(v) < len(sites) else "unindexed",
        "fit_status": lambda v: None if math.isnan(v) else status[int(v)],
    }
    df = table_frame(table, labels)
    for n in df.columns:
        if n in labels:
            if n == "fit_status":
                df[n] = df[n].where(df[n].notna(), np.nan)
            continue
        v = df[n].to_numpy()
        if n in _INTEGER_COLUMNS and not np.isnan(v).any() and np.all(v == np.rint(v)):
            df[n] = v.astype(np.int64)
    return df


# ---------------------------------------------------------------------------------------------------------- atoms


def _lattice(kind):
    kinds = ("auto", "perovskite", "hexagonal", "simple")
    k = str(kind).strip().lower()
    if k not in kinds:
        raise ValueError("lattice must be one of %s, got %r" % (", ".join(kinds), kind))
    return getattr(J("workflow.ImageInput").Lattice, k.upper())


def _contrast(contrast):
    if contrast not in ("bright", "dark"):
        raise ValueError("contrast must be bright or dark, got %r" % contrast)
    return getattr(J("workflow.ImageInput").Contrast, contrast.upper())


def _optional_double(v):
    OD = J("java.util.OptionalDouble")
    return OD.empty() if v is None else OD.of(float(v))


def _atoms_options(lattice, lattice_constant_nm, scan_correction=False, threads=None, outlier_z=5.0, contrast="bright",
                   column_sigma=None, min_separation=None, threshold=None, window=None):
    """The options of the atoms workflow (``workflow.AtomsAnalysis.Options``), through its builder."""
    n = threads or os.cpu_count() or 1
    return J("workflow.AtomsAnalysis").Options.builder().lattice(_lattice(lattice)) \
        .latticeConstantNm(_optional_double(lattice_constant_nm)).scanCorrection(bool(scan_correction)) \
        .contrast(_contrast(contrast)).columnSigmaPx(_optional_double(column_sigma)) \
        .minSeparationPx(_optional_double(min_separation)).threshold(_optional_double(threshold)) \
        .windowPx(_optional_double(window)).outlierZ(float(outlier_z)).threads(int(n)).build()


@dataclass
class AtomsTables:
    """Every table of ``causalem atoms``: ``atoms`` (= atoms.csv), ``cells`` (cells.csv), ``sites`` (sites.csv) and the
    ``summary`` (summary.json's content)."""

    atoms: pd.DataFrame
    cells: pd.DataFrame
    sites: pd.DataFrame
    summary: dict
    notes: List[str]


@_java.python_errors
def atoms(src, lattice="auto", lattice_constant_nm=None, pixel_size_nm=None, contrast="bright", dataset=None,
          scan_correction=False, outlier_z=5.0, threads=None, tables=False, **detection):
    """Atom columns of an atomic-resolution image: one row per column, the columns and values of ``atoms.csv``.

    src: a file, a :class:`Data` or a 2-D array (``pixel_size_nm`` calibrates an array). lattice: perovskite, hexagonal,
    simple or auto; contrast: bright (HAADF) or dark (ABF: fitted on the inverted image). detection: column_sigma,
    min_separation, threshold, window (px), as the command's options. Units are in ``df.attrs['units']``; with
    ``tables=True`` an :class:`AtomsTables` with the cell and site tables and the summary.
    """
    read_img = _image(src, dataset, pixel_size_nm)
    opts = _atoms_options(lattice, lattice_constant_nm, scan_correction, threads, outlier_z, contrast, **detection)
    run = J("workflow.AtomsAnalysis")(opts).run(read_img, _java.progress_none())
    res = run.atoms()
    sites = _java.strings(res.lattice().siteNames())
    df = _atoms_frame(res.atoms(), sites)
    notes = _java.strings(run.notes()) + _java.strings(res.notes())
    df.attrs["notes"] = notes
    if not tables:
        return df
    return AtomsTables(df, _atoms_frame(res.cells(), sites), _atoms_frame(res.sites(), sites),
                       _java.to_python(res.summary()), notes)


# ---------------------------------------------------------------------------------------------------------- graphs


class CausalGraph:
    """A causal graph: ``nodes`` and ``edges``, a DataFrame with from, to, type (``-->`` directed, ``---`` undirected,
    ``<->`` bidirected, ``o->`` ...), confidence (bootstrap frequency), coefficient (standardised linear effect) and
    status (supported, instrument, unreplicated, ... for image workflows)."""

    def __init__(self, nodes, edges):
        self.nodes = list(nodes)
        self.edges = edges

    def __repr__(self):
        lines = ["CausalGraph(%d nodes, %d edges)" % (len(self.nodes), len(self.edges))]
        for e in self.edges.itertuples(index=False):
            lines.append("  %s %s %s  confidence %s  coefficient %s%s" % (
                e.source, e.type, e.target, _fmt(e.confidence), _fmt(e.coefficient),
                ("  " + e.status) if isinstance(getattr(e, "status", None), str) else ""))
        return "\n".join(lines)

    def edge(self, source, target):
        m = self.edges[(self.edges.source == source) & (self.edges.target == target)]
        return None if m.empty else m.iloc[0]

    def to_networkx(self):
        """A networkx DiGraph (undirected edges in both directions) with the edge attributes."""
        import networkx as nx

        g = nx.DiGraph()
        g.add_nodes_from(self.nodes)
        for e in self.edges.to_dict("records"):
            attrs = {k: v for k, v in e.items() if k not in ("source", "target")}
            g.add_edge(e["source"], e["target"], **attrs)
            if e["type"] in ("---", "<->", "o-o"):
                g.add_edge(e["target"], e["source"], **attrs)
        return g

    @staticmethod
    def _from_java(graph, confidence=None, coefficient=None, status=None):
        nodes = _java.strings(graph.nodes())
        rows = []
        for e in J("io.GraphFormats").canonicalEdges(graph):
            a, b = nodes[int(e.a())], nodes[int(e.b())]
            key = J("causal.EdgeKey")(a, b)
            c = confidence.get(key) if confidence is not None else None
            k = coefficient.get(key) if coefficient is not None else None
            row = {"source": a, "target": b, "type": _edge_symbol(e.type()),
                   "confidence": float(c) if c is not None else np.nan,
                   "coefficient": float(k) if k is not None else np.nan}
            if status is not None:
                row["status"] = status(a, b)
            rows.append(row)
        cols = ["source", "target", "type", "confidence", "coefficient"] + (["status"] if status is not None else [])
        return CausalGraph(nodes, pd.DataFrame(rows, columns=cols))


def _edge_symbol(t):
    """An edge type as the files write it (``-->``, ``---``, ``<->``, ``o->``): EdgeType.symbol(), or the text itself."""
    return str(t.symbol()) if hasattr(t, "symbol") else str(t)


def _fmt(v):
    return "-" if v is None or (isinstance(v, float) and math.isnan(v)) else "%.3g" % v


# ---------------------------------------------------------------------------------------------------------- ferroic


@dataclass
class FerroicResult:
    """``causalem ferroic``'s answer: the consensus ``graph`` with each edge's status, the PC and LiNGAM graphs,
    the per-cell table, the confounding check and the notes."""

    graph: CausalGraph
    pc: CausalGraph
    lingam: CausalGraph
    cells: pd.DataFrame
    variables: List[str]
    confounding: pd.DataFrame
    rows_used: int
    notes: List[str]


@_java.python_errors
def simulate_ferroic(seed=1, ideal_scan=False):
    """The image ``causalem demo`` analyses (a doped ferroelectric perovskite with a known mechanism) as :class:`Data`,
    and its true edges [(cause, effect), ...]."""
    S = J("simulate.FerroicScenario")
    dist = J("simulate.ScanDistortion")
    opts = S.Options.defaults(int(seed)).withDistortion(dist.none() if ideal_scan else dist.realistic())
    sim = S(opts).simulate()
    img = sim.image()
    data = _data_from_java(img)
    truth = [(str(e[0]), str(e[1])) for e in opts.trueEdges()]
    return data, truth


@_java.python_errors
def ferroic(src, lattice="auto", lattice_constant_nm=None, pixel_size_nm=None, contrast="bright", dataset=None,
            alpha=0.01, bootstrap=50, prior=None, predictability=True, seed=1, threads=None):
    """The ferroic workflow (``causalem ferroic``): atoms, unit-cell descriptors, consensus causal graph of PC and
    DirectLiNGAM with bootstrap confidence, edge statuses from the instrument check, confounding check.

    src: a file, a :class:`Data` or a 2-D array. prior: the text of a --prior file. Returns a :class:`FerroicResult`.
    """
    img = _image(src, dataset, pixel_size_nm)
    F = J("workflow.FerroicAnalysis")
    n = threads or os.cpu_count() or 1
    causal = F.Options.builder(int(seed)).alpha(float(alpha)).bootstrap(int(bootstrap)).priorText(prior) \
        .predictability(bool(predictability)).threads(int(n)).build()
    FI = J("workflow.FerroicImageAnalysis")
    r = FI(FI.Options(_atoms_options(lattice, lattice_constant_nm, contrast=contrast), causal)).run(img, _java.progress_none())
    return _ferroic_result(r.causal(), r.atoms())


def _status_of(res):
    def status(a, b):
        c = res.check(a, b)
        return None if c is None else str(c.status().label())
    return status


def _ferroic_result(res, atoms):
    """A :class:`FerroicResult` from a ``FerroicAnalysis.Result`` and the ``AtomsAnalysis.Result`` it ran on (or None)."""
    cons = res.consensus()
    graph = CausalGraph._from_java(cons.graph(), cons.confidence(), cons.coefficient(), _status_of(res))
    pc = CausalGraph._from_java(res.pc().graph(), res.pc().confidence(), res.pc().coefficient())
    lingam = CausalGraph._from_java(res.lingam().graph(), res.lingam().confidence(), res.lingam().coefficient())
    conf = pd.DataFrame([{"cause": str(c.cause()), "effect": str(c.effect()), "naive": float(c.naive()),
                          "naive_se": float(c.naiveSe()), "adjusted": float(c.adjusted()),
                          "adjusted_se": float(c.adjustedSe()), "misleading": bool(c.misleading()),
                          "explanation": str(c.sentence())} for c in res.confounding()])
    notes = []
    if atoms is not None:
        notes = _java.strings(atoms.notes()) + _java.strings(atoms.atoms().notes())
    return FerroicResult(graph, pc, lingam, table_frame(res.cells()), _java.strings(res.variables()), conf,
                         int(res.rowsUsed()), notes)


# ---------------------------------------------------------------------------------------------------------- transition


@dataclass
class TransitionResult:
    """``causalem transition``: per-site table (descriptors averaged over each site's pre-event window, nucleated,
    nucleation frame, local strain), phase per frame and site, transition matrix, nucleation events, the nucleation AUC,
    the causes with their status, the Granger-style hazard test per descriptor (``granger``: descriptor, rows_at_risk,
    events, standardised_coefficient, p_beyond_own_state, p_beyond_neighbours) and the lattice the coordination
    indicates (hexagonal, square or other)."""

    sites: pd.DataFrame
    phase: np.ndarray
    transitions: np.ndarray
    nucleations: pd.DataFrame
    auc: float
    auc_interval: tuple
    shuffled_auc: float
    causes: Dict[str, str]
    graph: CausalGraph
    granger: pd.DataFrame
    lattice: str


@_java.python_errors
def transition(src=None, simulate=None, dataset=None, alpha=0.01, seed=1, lattice="hexagonal"):
    """The phase-transition workflow on a movie (a file with an image stack, a :class:`Data` stack, or a 3-D array
    (frame, y, x)), or on a built-in simulated movie (``simulate`` = dopant, strain, random or strain_control, on a
    ``lattice`` = hexagonal or square)."""
    frames = J("java.util.ArrayList")()
    if simulate is not None:
        T = J("simulate.TransitionMovieSimulator")
        m = T.Mechanism.valueOf(simulate.upper())
        opts = T.Options.defaults(m, int(seed)).withLattice(T.Lattice.valueOf(lattice.upper()))
        for f in T(opts).simulate().frames():
            frames.add(f)
    else:
        if isinstance(src, (str, os.PathLike)):
            src = read(src, dataset) if dataset is not None else _first(read(src), ("stack",), src)
        arr = src.array if isinstance(src, Data) else np.asarray(src)
        axes = src.axes[-2:] if isinstance(src, Data) else [Axis("y", arr.shape[1]), Axis("x", arr.shape[2])]
        for k in range(arr.shape[0]):
            frames.add(_image_from_array(arr[k], axes, "frame %d" % k))
    A = J("workflow.TransitionAnalysis")
    opts = A.Options.defaults(int(seed)).withAlpha(float(alpha))
    r = A(opts).run(frames, _java.progress_none())
    phase = np.array([_java.array(row) for row in r.phase()])
    trans = np.array([_java.array(row) for row in r.transitions()])
    nuc = pd.DataFrame([{"site": int(n.site()), "frame": int(n.frame()), "x_px": float(n.xPx()), "y_px": float(n.yPx())}
                        for n in r.nucleations()], columns=["site", "frame", "x_px", "y_px"])
    causes = {str(c): str(r.causeStatus().getOrDefault(c, "?")) for c in r.causes()}
    graph = CausalGraph._from_java(r.causalGraph()) if r.causalGraph() is not None else None
    granger = pd.DataFrame([{"descriptor": str(g.descriptor()), "rows_at_risk": int(g.rows()), "events": int(g.events()),
                             "standardised_coefficient": float(g.coefficient()),
                             "p_beyond_own_state": float(g.pBeyondOwnState()),
                             "p_beyond_neighbours": float(g.pBeyondNeighbours())} for g in r.granger()],
                           columns=["descriptor", "rows_at_risk", "events", "standardised_coefficient",
                                    "p_beyond_own_state", "p_beyond_neighbours"])
    return TransitionResult(table_frame(r.sites()), phase, trans, nuc, float(r.auc().auc()),
                            (float(r.auc().lo()), float(r.auc().hi())), float(r.shuffledAuc()), causes, graph,
                            granger, str(r.lattice()))


# ---------------------------------------------------------------------------------------------------------- eels, fourd


@dataclass
class MapsResult:
    """Maps of a spectrum image or a 4D-STEM cube: ``maps`` {name: :class:`Data`} on the input's scan axes, the
    per-pixel table ``pixels`` and notes (plus ``extra`` arrays: decompositions, mean pattern)."""

    maps: Dict[str, Data]
    pixels: pd.DataFrame
    notes: List[str]
    extra: Dict[str, Data] = field(default_factory=dict)

    def __getitem__(self, name):
        return self.maps[name] if name in self.maps else self.extra[name]


def _dataset(src, dataset, cls, what):
    """A Java dataset of class ``cls``: from a file (the first such, or ``dataset``), kept open, with the file."""
    Path = J("java.nio.file.Path")
    df = J("io.Readers").open(Path.of(str(src)))
    if dataset is not None:
        d = df.dataset(dataset)
    else:
        d = df.first(J(cls))
    return df, d


def _spectrum_image(arr, axes, name="array"):
    arr = np.asarray(arr, dtype=np.float32)
    if arr.ndim == 1:
        arr = arr.reshape(1, 1, -1)
    h, w, c = arr.shape
    if axes is None:
        axes = [Axis("y", h), Axis("x", w), Axis("energy", c, 0.0, 1.0, "eV")]
    md = J("data.Metadata")(J("java.util.Map").of(), J("java.util.Map").of())
    return J("data.SpectrumImage")(name, J("data.Pixels").ofFloats(_java.floats(arr)), axes[0]._to_java(h),
                                   axes[1]._to_java(w), axes[2]._to_java(c), md)


@_java.python_errors
def eels(src, edges=None, components=4, background="power-law", fit_width=30.0, gap=5.0, width=30.0, bin=1,
         align=True, seed=1, dataset=None, energy_axis=None):
    """The EELS workflow (``causalem eels``) on a file, a :class:`Data` spectrum image or a 3-D array (y, x, energy)
    (``energy_axis``: an :class:`Axis` in eV for an array). Returns a :class:`MapsResult` whose maps are the edge
    signals ``map_<edge>``, ``onset_<edge>``, ``shift_<edge>`` (eV) and their sigmas, ``thickness``; extra: PCA/NMF
    loadings and factors."""
    df = None
    if isinstance(src, (str, os.PathLike)):
        df = J("io.Readers").open(J("java.nio.file.Path").of(str(src)))
        si = J("spectra.EelsData").choose(df, dataset).data()
    elif isinstance(src, Data):
        si = _spectrum_image(src.array, src.axes, src.name)
    else:
        arr = np.asarray(src)
        axes = None
        if energy_axis is not None:
            axes = [Axis("y", arr.shape[0]), Axis("x", arr.shape[1]), energy_axis]
        si = _spectrum_image(arr, axes)
    try:
        E = J("workflow.EelsAnalysis")
        model = {"power-law": "POWER_LAW", "powerlaw": "POWER_LAW", "exponential": "EXPONENTIAL", "exp": "EXPONENTIAL"}[background]
        opts = E.Options.builder().edges(_java.jlist(edges or [])) \
            .components(J("java.util.OptionalInt").of(int(components))).background(getattr(E.Background, model)) \
            .fitWidthEv(float(fit_width)).gapEv(float(gap)).widthEv(float(width)).bin(int(bin)) \
            .alignZeroLoss(bool(align)).seed(int(seed)).build()
        r = E(opts).run(si, _java.progress_none()).eels()
        h, w = int(r.height()), int(r.width())
        y = _binned(si.y(), int(bin), h)
        x = _binned(si.x(), int(bin), w)
        maps = {}
        for e in r.edges():
            n = str(e.name())
            om = r.onsets().get(e.name())
            for key, arr in (("map_", r.edgeSignal().get(e.name())), ("onset_", r.onsetEv().get(e.name())),
                             ("onset_sigma_", om.sigmaEv()), ("shift_", r.shiftEv().get(e.name())),
                             ("shift_sigma_", om.shiftSigmaEv())):
                maps[key + n] = Data(key + n, "map", _java.array(arr).reshape(h, w), [y, x])
            maps["onset_flag_" + n] = Data("onset_flag_" + n, "map", _java.array(om.flags()).astype(np.int32).reshape(h, w), [y, x])
        if r.tOverLambda() is not None:
            maps["thickness"] = Data("thickness", "map", _java.array(r.tOverLambda()).reshape(h, w), [y, x])
        extra = {}
        energy = Axis._from_java(si.energy())
        for prefix, d in (("pca", r.pca()), ("nmf", r.nmf())):
            if d is None:
                continue
            k = int(d.components())
            comp = Axis("component", k)
            load = np.array([_java.array(v) for v in d.loadings()]).reshape(k, h, w)
            fac = np.array([_java.array(v) for v in d.factors()])
            extra[prefix + "_loadings"] = Data(prefix + "_loadings", "maps", load, [comp, y, x])
            extra[prefix + "_factors"] = Data(prefix + "_factors", "spectra", fac, [comp, Axis(energy.name, fac.shape[1], energy.offset, energy.scale, energy.unit)])
        return MapsResult(maps, table_frame(r.pixels()), _java.strings(r.notes()), extra)
    finally:
        if df is not None:
            df.close()


def _binned(jaxis, n, size):
    a = jaxis if n == 1 else J("spectra.EelsPipeline").binnedAxis(jaxis, n, size)
    ax = Axis._from_java(a)
    return ax if ax.size == size else Axis(ax.name, size)


@_java.python_errors
def fourd(src, virtual=("bf", "adf"), com=False, descan="plane", rotation_deg=None, strain=False, disk_radius=None,
          clusters=0, seed=1, threads=None, dataset=None):
    """The 4D-STEM workflow (``causalem fourd``) on a file (streamed, memory-mapped) or a 4-D array (ry, rx, qy, qx).
    Returns a :class:`MapsResult`: virtual images ``virtual_<det>``, with ``com`` the CoM/DPC maps, with ``strain`` the
    strain maps, with ``clusters`` the phase labels; extra: ``mean_pattern`` on the detector axes."""
    df = None
    if isinstance(src, (str, os.PathLike)):
        df, cube = _dataset(src, dataset, "data.DataCube4D", "4-D cube")
    else:
        arr = src.array if isinstance(src, Data) else np.asarray(src)
        axes = src.axes if isinstance(src, Data) else [Axis("ry", arr.shape[0]), Axis("rx", arr.shape[1]),
                                                         Axis("qy", arr.shape[2]), Axis("qx", arr.shape[3])]
        md = J("data.Metadata")(J("java.util.Map").of(), J("java.util.Map").of())
        cube = J("data.DataCube4D").inMemory("array", J("data.Pixels").ofFloats(_java.floats(arr)),
                                             *[a._to_java() for a in axes], md)
    try:
        F = J("workflow.FourdAnalysis")
        mode = getattr(F.DescanMode, {"plane": "PLANE", "none": "NONE"}[descan])
        n = threads or os.cpu_count() or 1
        opts = F.Options.builder().virtual(_java.jlist(virtual)).com(bool(com)).descan(mode) \
            .rotationDeg(_optional_double(rotation_deg)).strain(bool(strain)).diskRadiusPx(_optional_double(disk_radius)) \
            .clusters(int(clusters)).threads(int(n)).seed(int(seed)).build()
        r = F(opts).run(cube, _java.progress_none()).fourd()
        h, w = int(r.height()), int(r.width())
        ry, rx = Axis._from_java(cube.ry()), Axis._from_java(cube.rx())
        maps = {}
        for e in r.maps().entrySet():
            name = str(e.getKey())
            arr = _java.array(r.clusters()).astype(np.int32) if name == "clusters" and r.clusters() is not None \
                else _java.array(e.getValue())
            maps[name] = Data(name, "map", arr.reshape(h, w), [ry, rx])
        mean = _java.array(r.meanPattern()).astype(np.float32).reshape(int(r.detY()), int(r.detX()))
        extra = {"mean_pattern": Data("mean_pattern", "pattern", mean, [Axis._from_java(cube.qy()), Axis._from_java(cube.qx())])}
        return MapsResult(maps, table_frame(r.pixels()), _java.strings(r.notes()), extra)
    finally:
        if df is not None:
            df.close()


# ---------------------------------------------------------------------------------------------------------- multimodal


@dataclass
class MultimodalResult:
    """``causalem multimodal``: the joint per-cell table (image descriptors and the registered EELS/4D columns), the
    registered column names, the causal result (a :class:`FerroicResult`) and notes."""

    table: pd.DataFrame
    registered: List[str]
    searched: List[str]
    causal: FerroicResult
    notes: List[str]


@_java.python_errors
def multimodal(image=None, second=None, lattice="perovskite", image_dataset=None, second_dataset=None, bootstrap=50,
               alpha=0.01, predictability=True, seed=1, columns=None, edges=None, bin=1, simulate=False):
    """Registers an EELS spectrum image or a 4D-STEM cube (``second``, a file) onto the unit cells of the atomic
    image (``image``: file, :class:`Data` or array) and runs the causal search on the joint table, as
    ``causalem multimodal``; ``simulate=True`` uses its built-in simulated structure + EELS pair instead."""
    M = J("workflow.MultimodalAnalysis")
    F = J("workflow.FerroicAnalysis")
    n = os.cpu_count() or 1
    causal = F.Options.builder(int(seed)).alpha(float(alpha)).bootstrap(int(bootstrap)) \
        .predictability(bool(predictability)).threads(int(n)).build()
    builder = M.Options.builder(int(seed)).causal(causal).columns(None if columns is None else _java.jlist(columns)) \
        .modalityTiers(True).bin(int(bin)).atoms(_atoms_options(lattice, None))
    if edges:
        builder.edges(_java.jlist(edges))
    df = None
    stated = None
    if simulate:
        sim = M.simulate(int(seed))
        img, d, source = sim.image(), sim.spectra(), "simulated EELS"
        stated = M.simulatedRegistration(sim)
    else:
        img = _image(image, image_dataset)
        df = J("io.Readers").open(J("java.nio.file.Path").of(str(second)))
        source = os.path.basename(str(second))
        d = df.dataset(second_dataset) if second_dataset is not None else None
        if d is None:
            for x in df.datasets():
                if str(x.kind().label()) in ("spectrum-image", "4d"):
                    d = x
                    break
        if d is None:
            df.close()
            raise ValueError("%s holds no spectrum image or 4-D cube (it has %s)" % (second, _java.strings(df.names())))
    try:
        analysis = M(builder.registration(stated).build())
        at = analysis.atoms(img, _java.progress_none())
        maps = analysis.maps(d, source, _java.progress_none())
        r = analysis.run(at, maps, _java.progress_none())
    finally:
        if df is not None:
            df.close()
    causal_res = _ferroic_result(r.causal(), at)
    return MultimodalResult(table_frame(r.table()), _java.strings(r.registered()), _java.strings(r.searched()),
                            causal_res, _java.strings(r.notes()))
