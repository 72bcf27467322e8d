"""The Java side: starting the JVM on the built jar and converting arrays and tables in bulk."""
import os
import threading
from pathlib import Path

import numpy as np

_lock = threading.Lock()
_started = False


def jar_path():
    """The command-line jar: $CAUSALEM_JAR, else cli/target/causalem.jar of the repository holding this package."""
    env = os.environ.get("CAUSALEM_JAR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "cli" / "target" / "causalem.jar"


def start(jar=None, max_heap=None):
    """Starts the JVM (once per process) with the CausalEM jar on its class path.

    jar: path of causalem.jar (default: :func:`jar_path`); max_heap: e.g. "8g" (default: the JVM's).
    Raises RuntimeError naming the jar when it is missing (build it with ./mvnw -o package -DskipTests -pl core,cli).
    """
    global _started
    with _lock:
        if _started:
            return
        import jpype

        if jpype.isJVMStarted():
            _started = True
            return
        path = Path(jar) if jar is not None else jar_path()
        if not path.is_file():
            raise RuntimeError("CausalEM jar not found at %s: build it with ./mvnw -o package -DskipTests -pl core,cli "
                               "(or set CAUSALEM_JAR)" % path)
        args = ["-Xmx" + max_heap] if max_heap else []
        jpype.startJVM(*args, classpath=[str(path)] + _jpype_support_jar(), convertStrings=False)
        _started = True


def _jpype_support_jar():
    """JPype's own jar when the distribution keeps it apart from the module (Debian: /usr/share/java/org.jpype.jar)."""
    import jpype

    here = Path(jpype.__file__).resolve().parent
    for p in (here.parent / "org.jpype.jar", here / "org.jpype.jar", Path("/usr/share/java/org.jpype.jar")):
        if p.is_file():
            return [str(p)]
    return []


def J(name):
    """The Java class called ``name`` (``org.causalem.`` prefixed when it starts with a lower-case package)."""
    start()
    import jpype

    return jpype.JClass(name if name.startswith(("java.", "org.")) else "org.causalem." + name)


def jstr(s):
    return None if s is None else str(s)


def floats(a):
    """A NumPy array as a Java float[] (flattened in C order; one bulk copy)."""
    import jpype

    start()
    flat = np.ascontiguousarray(a, dtype=np.float32).ravel()
    return jpype.JArray(jpype.JFloat)(flat)


def doubles(a):
    import jpype

    start()
    flat = np.ascontiguousarray(a, dtype=np.float64).ravel()
    return jpype.JArray(jpype.JDouble)(flat)


def jpype_array2(a):
    """A 2-D NumPy array as a Java double[][] (row by row in bulk)."""
    import jpype

    start()
    a = np.ascontiguousarray(a, dtype=np.float64)
    out = jpype.JArray(jpype.JDouble, 2)(a.shape[0])
    for i in range(a.shape[0]):
        out[i] = jpype.JArray(jpype.JDouble)(a[i])
    return out


def jpype_bools(v):
    import jpype

    start()
    return jpype.JArray(jpype.JBoolean)([bool(x) for x in v])


def array(j, dtype=None):
    """A Java primitive array as a NumPy array (one bulk copy through the buffer protocol)."""
    if j is None:
        return None
    a = np.array(j, copy=True)
    return a if dtype is None else a.astype(dtype, copy=False)


def strings(jlist):
    return [str(x) for x in jlist]


def jlist(items):
    """A Java List<String>."""
    out = J("java.util.ArrayList")()
    for x in items or []:
        out.add(str(x))
    return out


def to_python(v):
    """A Java value from a result map or list (boxed numbers, strings, lists, maps, arrays) as a Python value."""
    import jpype

    if v is None:
        return None
    if isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, jpype.JString):
        return str(v)
    if isinstance(v, jpype.JArray):
        try:
            return np.array(v).tolist()
        except Exception:  # noqa: BLE001 - an array of objects
            return [to_python(x) for x in v]
    if isinstance(v, J("java.lang.Boolean")):
        return bool(v.booleanValue())
    if isinstance(v, (J("java.lang.Integer"), J("java.lang.Long"), J("java.lang.Short"))):
        return int(v.longValue())
    if isinstance(v, J("java.lang.Number")):
        return float(v.doubleValue())
    if isinstance(v, J("java.util.Map")):
        return {str(e.getKey()): to_python(e.getValue()) for e in v.entrySet()}
    if isinstance(v, J("java.util.Collection")):
        return [to_python(x) for x in v]
    return str(v)


def progress_none():
    return J("data.Progress").NONE


# Java parameter names that differ in Python by more than their case style.
_PYTHON_NAMES = {"latticeConstant": "lattice_constant_nm", "rotation": "rotation_deg"}
# Java exceptions that mean "the input or an option is wrong" (raised as ValueError in Python).
_BAD_INPUT = ("org.causalem.data.BadInputException", "org.causalem.workflow.OptionsException", "java.lang.IllegalArgumentException")


def python_names(message):
    """``message`` with the core's backticked parameter names (`latticeConstant`) as Python keywords (`lattice_constant_nm`)."""
    import re

    def name(m):
        java = m.group(1)
        return "`" + _PYTHON_NAMES.get(java, re.sub(r"([A-Z])", lambda c: "_" + c.group(1).lower(), java)) + "`"

    return re.sub(r"`([a-z][A-Za-z0-9]*)`", name, message)


def python_errors(fn):
    """Wraps a public function so that a Java bad-input or bad-option error becomes a ValueError whose message names
    the Python keywords; other errors pass through unchanged."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as e:  # noqa: BLE001 - only Java exceptions of the bad-input kinds are translated
            java_class = _java_class_name(e)
            if java_class is None or not any(_is_subclass(e, c) for c in _BAD_INPUT):
                raise
            raise ValueError(python_names(str(e.getMessage()))) from e

    return wrapper


def _java_class_name(e):
    get_class = getattr(e, "getClass", None)
    return None if get_class is None else str(get_class().getName())


def _is_subclass(e, name):
    try:
        return isinstance(e, J(name))
    except Exception:  # noqa: BLE001 - a class missing from an older jar
        return False
