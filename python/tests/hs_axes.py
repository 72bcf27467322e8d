"""Prints, as JSON, the axes HyperSpy reads from each file given: {file: [{title, shape, axes: [...]}]}.

Each axis: name, size, offset, scale, units as HyperSpy has them, and offset/scale converted with pint to the
project's units (nm, 1/nm, eV) when the unit is a length, a reciprocal length or an energy (``canonical``).
Run by the JUnit test EmdHyperspyTest with Debian's /usr/bin/python3; exit status 3 when hyperspy is missing.
"""
import json
import sys
import warnings

try:
    import hyperspy.api as hs
except Exception as e:  # noqa: BLE001 - any import failure means: no hyperspy here
    print("hyperspy unavailable: %s" % e, file=sys.stderr)
    sys.exit(3)

warnings.filterwarnings("ignore")


def canonical(value, units):
    """(value in nm, 1/nm or eV, that unit), or None when the unit is not one of those dimensions."""
    if not isinstance(units, str) or units.strip() in ("", "px", "pixel", "pixels"):
        return None
    try:
        import pint
        ureg = pint.get_application_registry()
        q = ureg.Quantity(float(value), units)
        for target in ("nm", "1/nm", "eV"):
            try:
                return [float(q.to(target).magnitude), target]
            except Exception:  # noqa: BLE001 - not this dimension
                continue
    except Exception:  # noqa: BLE001 - unknown unit
        return None
    return None


def describe(path):
    loaded = hs.load(path)
    signals = loaded if isinstance(loaded, list) else [loaded]
    out = []
    for s in signals:
        axes = []
        for a in s.axes_manager._axes:
            units = a.units if isinstance(a.units, str) else ""
            name = a.name if isinstance(a.name, str) else ""
            d = {"name": name, "size": int(a.size), "offset": float(a.offset), "scale": float(a.scale), "units": units}
            co, cs = canonical(a.offset, units), canonical(a.scale, units)
            if co is not None and cs is not None:
                d["canonical"] = {"offset": co[0], "scale": cs[0], "unit": cs[1]}
            axes.append(d)
        out.append({"title": str(s.metadata.General.title), "shape": list(s.data.shape), "axes": axes})
    return out


print(json.dumps({p: describe(p) for p in sys.argv[1:]}))
