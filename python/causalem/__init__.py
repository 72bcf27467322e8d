"""CausalEM in Python: the Java workflows in process (JPype), NumPy and pandas in and out.

    import causalem as cem
    img = cem.read("STO_HAADF_noisy.emd")[0]        # Data: .array, .axes (offset, scale, unit), .metadata
    atoms = cem.atoms(img)                           # one row per atom column, as atoms.csv; units in atoms.attrs
    res = cem.ferroic("image.dm4", seed=1)           # res.graph.edges: from, to, type, confidence, coefficient, status

The JVM starts on first use with cli/target/causalem.jar (build it with ./mvnw -o package -DskipTests -pl core,cli,
or set CAUSALEM_JAR); :func:`start` starts it explicitly (e.g. with a larger heap).
"""
from ._java import jar_path, start
from .tables import bayes, discover, gp, laws
from .api import (Axis, CausalGraph, Data, atoms, eels, ferroic, fourd, multimodal, read, simulate_ferroic,
                  table_frame, transition)

__all__ = ["Axis", "CausalGraph", "Data", "atoms", "bayes", "discover", "eels", "ferroic", "fourd", "gp", "jar_path",
           "laws", "multimodal", "read", "simulate_ferroic", "start", "table_frame", "transition"]
