"""Sweep results on disk, chunk by chunk, so a killed sweep resumes where it stopped.

A sweep folder holds::

    manifest.json          what is being computed (the spec, its fingerprint, units, sources)
    chunks/c000042.npz     the outputs of task 42 (points 42*chunk_size ...), one file per task
    results.nc             a grid: xarray Dataset, netCDF (scipy engine), dims = swept parameters
    results.parquet        samples: one row per point (pyarrow), parameters then outputs

Each chunk file is written to a temporary name and renamed into place (atomic on POSIX), so a
chunk is either complete or absent, whatever moment the process is killed. On resume the
manifest's fingerprint must match the spec (else the folder holds another sweep), stale
temporary files are removed, every chunk present is checked, and only missing chunks run.
The results file is assembled from the chunks in point order, so it is the same bytes whatever
the order in which the chunks finished, the backend or the number of workers.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from cposim.errors import ConfigError
from cposim.explore.spec import SweepSpec

FORMAT = "cposim-sweep/1"
MANIFEST = "manifest.json"
CHUNKS = "chunks"
GRID_FILE = "results.nc"
SAMPLES_FILE = "results.parquet"
_BOUNDS = "_bounds"


def _atomic_write_bytes(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        write(fh)
    os.replace(tmp, path)


class SweepStore:
    """The folder of one sweep: create it, or reopen it to resume the same sweep."""

    def __init__(self, folder: str | Path, spec: SweepSpec) -> None:
        self.folder = Path(folder)
        self.spec = spec
        self.chunk_dir = self.folder / CHUNKS
        self.result_path = self.folder / (GRID_FILE if spec.space.is_grid else SAMPLES_FILE)
        self._open()

    # ---- manifest ----------------------------------------------------------------------------
    def manifest(self) -> dict[str, Any]:
        """The manifest this spec writes (JSON-ready; no timings, so it is reproducible)."""
        s = self.spec
        return {
            "format": FORMAT,
            "fingerprint": s.fingerprint(),
            "spec": s.describe(),
            "points": s.space.size,
            "chunk_size": s.chunk_size,
            "chunks": s.n_chunks,
            "result_file": self.result_path.name,
            "sources": s.target.source_ids(),
        }

    def _open(self) -> None:
        if self.folder.exists() and not self.folder.is_dir():
            raise ConfigError("--out", str(self.folder), "is a file; expected a folder for the sweep results")
        path = self.folder / MANIFEST
        wanted = self.manifest()
        if path.exists():
            try:
                found = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                raise ConfigError("--out", str(self.folder), "has an unreadable manifest.json; remove the folder or "
                                  "choose another --out") from None
            if found.get("fingerprint") != wanted["fingerprint"]:
                raise ConfigError("--out", str(self.folder), "holds the results of a different sweep (its spec "
                                  "changed); choose another --out or remove the folder")
        else:
            if self.folder.exists() and any(self.folder.iterdir()):
                raise ConfigError("--out", str(self.folder), "is not empty and is not a sweep folder; choose another "
                                  "--out")
            self.folder.mkdir(parents=True, exist_ok=True)
            text = json.dumps(wanted, indent=2, sort_keys=True).encode("utf-8")
            _atomic_write_bytes(path, lambda fh: fh.write(text))
        self.chunk_dir.mkdir(exist_ok=True)
        for stale in list(self.chunk_dir.glob(".*.tmp")) + list(self.folder.glob(".*.tmp")):
            stale.unlink(missing_ok=True)

    # ---- chunks ------------------------------------------------------------------------------
    def chunk_path(self, chunk: int) -> Path:
        """File of task ``chunk``."""
        return self.chunk_dir / f"c{chunk:06d}.npz"

    def write_chunk(self, chunk: int, arrays: dict[str, np.ndarray]) -> None:
        """Store the outputs of task ``chunk`` (atomically)."""
        start, stop = self.spec.chunk_bounds(chunk)
        payload = {name: np.asarray(arrays[name], dtype=np.float64) for name in self.spec.outputs}
        for name, arr in payload.items():
            if arr.shape != (stop - start,):
                raise ConfigError(f"chunk {chunk}.{name}", arr.shape, f"has the wrong shape; expected ({stop - start},)")
        payload[_BOUNDS] = np.array([start, stop], dtype=np.int64)
        _atomic_write_bytes(self.chunk_path(chunk), lambda fh: np.savez(fh, **payload))

    def read_chunk(self, chunk: int) -> dict[str, np.ndarray] | None:
        """The outputs of task ``chunk``, or None if absent or not a complete, matching chunk."""
        path = self.chunk_path(chunk)
        if not path.exists():
            return None
        start, stop = self.spec.chunk_bounds(chunk)
        try:
            with np.load(path) as data:
                arrays = {k: data[k] for k in data.files}
        except (OSError, ValueError, EOFError, zipfile.BadZipFile):
            return None
        if set(arrays) != set(self.spec.outputs) | {_BOUNDS} or list(arrays[_BOUNDS]) != [start, stop]:
            return None
        if any(arrays[k].shape != (stop - start,) for k in self.spec.outputs):
            return None
        return {k: arrays[k] for k in self.spec.outputs}

    def done_chunks(self) -> set[int]:
        """Tasks whose complete results are on disk (a damaged chunk file is removed)."""
        done = set()
        for chunk in range(self.spec.n_chunks):
            if self.read_chunk(chunk) is not None:
                done.add(chunk)
            else:
                self.chunk_path(chunk).unlink(missing_ok=True)
        return done

    # ---- results -----------------------------------------------------------------------------
    def columns(self) -> dict[str, np.ndarray]:
        """Every point's parameters and outputs, in point order (all chunks must be done)."""
        parts = []
        for chunk in range(self.spec.n_chunks):
            arrays = self.read_chunk(chunk)
            if arrays is None:
                raise ConfigError("sweep", str(self.folder), f"is missing chunk {chunk}; run the sweep again to finish it")
            parts.append(arrays)
        out = dict(self.spec.space.points())
        for name in self.spec.outputs:
            out[name] = np.concatenate([p[name] for p in parts]) if parts else np.empty(0)
        return out

    def assemble(self) -> Path:
        """Write the results file from the chunks (atomically) and return its path."""
        columns = self.columns()
        if self.spec.space.is_grid:
            data = grid_dataset(self.spec, columns, self.manifest())
            _atomic_write_bytes(self.result_path, lambda fh: fh.write(data.to_netcdf(engine="scipy")))
        else:
            table = samples_table(self.spec, columns, self.manifest())
            import pyarrow.parquet as pq

            _atomic_write_bytes(self.result_path, lambda fh: pq.write_table(table, fh))
        return self.result_path


def _attrs(manifest: dict[str, Any]) -> dict[str, str]:
    spec = manifest["spec"]
    return {
        "title": spec["name"],
        "cposim_format": FORMAT,
        "cposim_version": spec["cposim_version"],
        "fingerprint": manifest["fingerprint"],
        "target": json.dumps(spec["target"], sort_keys=True),
        "sampling": json.dumps(spec["sampling"], sort_keys=True),
        "sources": ", ".join(manifest["sources"]),
        "spec": json.dumps(spec, sort_keys=True),
    }


def grid_dataset(spec: SweepSpec, columns: dict[str, np.ndarray], manifest: dict[str, Any]):
    """The grid as an :class:`xarray.Dataset`: one dimension per parameter with more than one
    level (coordinates in SI, ``units`` and ``sources`` in attributes), constants as scalar
    coordinates, one variable per output with its ``units``."""
    import xarray as xr

    params = spec.space.parameters
    full_shape = spec.space.shape
    dims = [p.path for p in params if p.n_levels > 1]
    coords: dict[str, Any] = {}
    for p in params:
        attrs = {"units": p.info.unit or "1", "sources": ", ".join(p.info.sources), "kind": p.info.kind}
        values = p.levels if p.info.is_category else np.asarray(p.levels, dtype=np.float64)
        if p.n_levels > 1:
            coords[p.path] = xr.Variable((p.path,), values, attrs=attrs)
        else:
            coords[p.path] = xr.Variable((), values[0], attrs=attrs)
    units = spec.target.output_units()
    data_vars = {}
    for name in spec.outputs:
        arr = columns[name].reshape(full_shape)
        arr = arr.reshape([n for n in full_shape if n > 1]) if dims else arr.reshape(())
        data_vars[name] = xr.Variable(dims, arr, attrs={"units": units[name]})
    return xr.Dataset(data_vars=data_vars, coords=coords, attrs=_attrs(manifest))


def samples_table(spec: SweepSpec, columns: dict[str, np.ndarray], manifest: dict[str, Any]):
    """The samples as a :class:`pyarrow.Table`: ``point`` (index), one column per parameter
    (SI floats or names) and per output; ``units``/``sources`` in each field's metadata and the
    sweep description in the schema metadata (key ``cposim``)."""
    import pyarrow as pa

    n = spec.space.size
    fields = [pa.field("point", pa.int64(), metadata={"units": "1"})]
    arrays = [pa.array(np.arange(n, dtype=np.int64))]
    for p in spec.space.parameters:
        meta = {"units": p.info.unit or "1", "sources": ", ".join(p.info.sources), "kind": p.info.kind}
        if p.info.is_category:
            fields.append(pa.field(p.path, pa.string(), metadata=meta))
            arrays.append(pa.array(columns[p.path].astype(str).tolist(), type=pa.string()))
        else:
            fields.append(pa.field(p.path, pa.float64(), metadata=meta))
            arrays.append(pa.array(np.asarray(columns[p.path], dtype=np.float64)))
    units = spec.target.output_units()
    for name in spec.outputs:
        fields.append(pa.field(name, pa.float64(), metadata={"units": units[name]}))
        arrays.append(pa.array(columns[name]))
    schema = pa.schema(fields, metadata={"cposim": json.dumps(_attrs(manifest), sort_keys=True)})
    return pa.Table.from_arrays(arrays, schema=schema)


def load_results(folder: str | Path):
    """A finished sweep's results: an :class:`xarray.Dataset` (grid) or a
    :class:`pandas.DataFrame` (samples, with ``attrs['units']``)."""
    folder = Path(folder)
    if (folder / GRID_FILE).exists():
        import xarray as xr

        with xr.open_dataset(folder / GRID_FILE, engine="scipy") as ds:
            return ds.load()
    if (folder / SAMPLES_FILE).exists():
        import pyarrow.parquet as pq

        table = pq.read_table(folder / SAMPLES_FILE)
        frame = table.to_pandas()
        frame.attrs["units"] = {f.name: (f.metadata or {}).get(b"units", b"").decode() for f in table.schema}
        return frame
    raise ConfigError("sweep", str(folder), "has no results file; run the sweep (again) to finish it")
