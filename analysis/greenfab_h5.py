"""Read greenfab results files (HDF5, layout in docs/hdf5-schema.md) into pandas DataFrames.

Run with /usr/bin/python3: Debian's h5py and pandas are not visible to other interpreters.

    from analysis import greenfab_h5 as gh
    tables = gh.read_results("results.h5")      # {"runs": DataFrame, "summary/kpis": DataFrame, ...}
    tables["runs"]["throughput_per_h"].mean()
"""

import h5py
import numpy as np
import pandas as pd

__all__ = ["read_table", "read_results", "units", "model_text", "metadata", "is_table"]


def _strings(values):
    """A string attribute array as a list of str (h5py gives str for vlen UTF-8 attributes)."""
    if isinstance(values, h5py.Empty):
        return []
    return [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in np.atleast_1d(values)]


def _attr(obj, name, default=""):
    value = obj.attrs.get(name, default)
    return value.decode("utf-8") if isinstance(value, bytes) else value


def is_table(group):
    """True if `group` is a dataframe group (encoding-type="dataframe")."""
    return isinstance(group, h5py.Group) and _attr(group, "encoding-type") == "dataframe"


def read_table(group, index=False):
    """The dataframe group `group` (an h5py.Group) as a DataFrame, columns in `column-order`.

    Text columns become str (object) columns, numeric ones float64 or int64 as stored. With
    index=True the key columns (attribute `index_columns`, e.g. ["replication", "station"]) become
    the DataFrame's index.
    """
    if not is_table(group):
        raise ValueError(f"{group.name} is not a dataframe group (no encoding-type='dataframe')")
    order = _strings(group.attrs.get("column-order", []))
    data = {}
    for column in order:
        dataset = group[column]
        data[column] = dataset.asstr()[()] if h5py.check_string_dtype(dataset.dtype) else dataset[()]
    frame = pd.DataFrame(data, columns=order)
    if index:
        keys = [k for k in _strings(group.attrs.get("index_columns", [])) if k in frame.columns]
        if keys:
            frame = frame.set_index(keys)
    return frame


def read_results(path, index=False):
    """Every table of the results file `path`, keyed by its path without the leading "/":
    "runs", "stations", "buffers", "products", "summary/kpis", "summary/stations", ...
    """
    tables = {}

    def visit(name, obj):
        if is_table(obj):
            tables[name] = read_table(obj, index=index)

    with h5py.File(path, "r") as f:
        f.visititems(visit)
    return tables


def units(group):
    """{column: unit} for the dataframe group `group`; text columns and counts have the unit ""."""
    return {c: _attr(group[c], "units") for c in _strings(group.attrs.get("column-order", []))}


def model_text(path):
    """The exact model YAML the results were computed from (/model/source_yaml)."""
    with h5py.File(path, "r") as f:
        return f["model/source_yaml"].asstr()[()]


def metadata(path):
    """The root attributes (format, software_version, seed, horizon_s, ...) as a plain dict."""
    with h5py.File(path, "r") as f:
        return {k: (v.decode("utf-8") if isinstance(v, bytes) else v.item() if isinstance(v, np.generic) else v)
                for k, v in f.attrs.items()}
