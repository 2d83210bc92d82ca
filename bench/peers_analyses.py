"""Peer side of the analysis benchmark (bench/analyses.ts): MDAnalysis and ASE.

Usage: /usr/bin/python3 bench/peers_analyses.py JOB.json > result.json

JOB.json: {"tasks": [...]}; each task is one of
  {"kind": "msd", "npy": ..., "symbols": [...], "select": "Li", "dt_fs": ..., "reps": n, "ase": bool}
  {"kind": "rdf", "npy": ..., "cells": ..., "symbols": [...], "a": "S", "b": "Na",
   "rmax": ..., "nbins": ..., "reps": n}
Only the analysis call is timed (time.perf_counter); building the input (np.load, Universe,
MemoryReader, ASE Atoms) is timed separately as "load". A tool that cannot be imported is
reported as skipped with the reason, and the other tasks still run.
"""
import json
import sys
import time
import warnings

warnings.filterwarnings('ignore')
import numpy as np


def try_import(name):
    try:
        if name == 'MDAnalysis':
            import MDAnalysis
            return MDAnalysis.__version__, None
        if name == 'ase':
            import ase
            return ase.__version__, None
        if name == 'tidynamics':
            import tidynamics
            return tidynamics.__version__, None
    except Exception as e:  # noqa: BLE001 - any import failure means "skip with reason"
        return None, f'{type(e).__name__}: {e}'


MIN_TOTAL_S, MAX_REPS = 0.5, 25  # short runs repeat beyond reps, as paddlewheel's do


def timed(fn, reps):
    out, times = None, []
    while len(times) < reps or (sum(times) < MIN_TOTAL_S and len(times) < MAX_REPS):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return out, times


def universe(symbols, coords, dims=None):
    import MDAnalysis as mda
    from MDAnalysis.coordinates.memory import MemoryReader
    u = mda.Universe.empty(len(symbols), trajectory=True)
    u.add_TopologyAttr('name', symbols)
    u.load_new(coords, format=MemoryReader, order='fac', dimensions=dims)
    return u


def msd_task(task, avail):
    res = {}
    symbols = task['symbols']
    if avail['MDAnalysis'][1] is None:
        from MDAnalysis.analysis.msd import EinsteinMSD
        t0 = time.perf_counter()
        u = universe(symbols, np.load(task['npy']))
        res['mda_load'] = time.perf_counter() - t0
        sel = 'name ' + task['select']

        def run(fft):
            m = EinsteinMSD(u, select=sel, msd_type='xyz', fft=fft)
            t = time.perf_counter()
            m.run()
            return m.results.timeseries, time.perf_counter() - t

        for fft in (False, True):
            key = 'mda_fft' if fft else 'mda'
            if fft and avail['tidynamics'][1] is not None:
                res[key] = {'skipped': f'EinsteinMSD(fft=True) needs tidynamics ({avail["tidynamics"][1]})'}
                continue
            times, curve = [], None
            while len(times) < task['reps'] or (sum(times) < MIN_TOTAL_S and len(times) < MAX_REPS):
                curve, s = run(fft)
                times.append(s)
            res[key] = {'times': times, 'curve': curve.tolist()}
    else:
        res['mda'] = {'skipped': avail['MDAnalysis'][1]}
    if task.get('ase') and avail['ase'][1] is None:
        from ase import Atoms, units
        from ase.md.analysis import DiffusionCoefficient
        t0 = time.perf_counter()
        pos = np.load(task['npy'])
        cells = np.load(task['cells']) if task.get('cells') else None
        images = [Atoms(symbols, positions=pos[t], cell=None if cells is None else cells[t], pbc=cells is not None) for t in range(len(pos))]
        idx = [i for i, s in enumerate(symbols) if s == task['select']]
        res['ase_load'] = time.perf_counter() - t0

        def run():
            d = DiffusionCoefficient(images, task['dt_fs'] * units.fs, atom_indices=idx)
            d.calculate(ignore_n_images=0, number_of_segments=1)
            return d
        d, times = timed(run, task['reps'])
        # xyz_segment_ensemble_average[seg][species][k][t] = sum over atoms of dk^2 / (2 N)
        curve = 2 * d.xyz_segment_ensemble_average[0][0].sum(axis=0)
        # slope per component = D in A^2 per ASE time unit -> cm^2/s (A^2/fs * 0.1)
        D = float(np.mean(d.slopes[0][0])) * units.fs * 0.1
        res['ase'] = {'times': times, 'curve': curve.tolist(), 'D_cm2_s': D}
    elif task.get('ase'):
        res['ase'] = {'skipped': avail['ase'][1]}
    return res


def rdf_task(task, avail):
    if avail['MDAnalysis'][1] is not None:
        return {'mda': {'skipped': avail['MDAnalysis'][1]}}
    from MDAnalysis.analysis.rdf import InterRDF
    from MDAnalysis.lib.mdamath import triclinic_vectors
    t0 = time.perf_counter()
    pos = np.load(task['npy'])
    cells = np.load(task['cells'])
    # MDAnalysis keeps its own box orientation (a along x): carry positions over fractionally.
    dims = np.empty((len(pos), 6))
    coords = np.empty_like(pos)
    for t in range(len(pos)):
        c = cells[t]
        la, lb, lc = np.linalg.norm(c, axis=1)
        ang = lambda u, v: np.degrees(np.arccos(np.dot(u, v) / (np.linalg.norm(u) * np.linalg.norm(v))))
        dims[t] = [la, lb, lc, ang(c[1], c[2]), ang(c[0], c[2]), ang(c[0], c[1])]
        coords[t] = (pos[t] @ np.linalg.inv(c)) @ triclinic_vectors(dims[t])
    u = universe(task['symbols'], coords, dims)
    ga, gb = u.select_atoms('name ' + task['a']), u.select_atoms('name ' + task['b'])
    load = time.perf_counter() - t0

    def run():
        r = InterRDF(ga, gb, nbins=task['nbins'], range=(0.0, task['rmax']))
        r.run()
        return r
    r, times = timed(run, task['reps'])
    return {'mda_load': load, 'mda': {'times': times, 'bins': r.results.bins.tolist(), 'rdf': r.results.rdf.tolist(), 'count': r.results.count.tolist()}}


def main():
    job = json.load(open(sys.argv[1]))
    avail = {m: try_import(m) for m in ('MDAnalysis', 'ase', 'tidynamics')}
    out = {'python': sys.version.split()[0], 'numpy': np.__version__,
           'versions': {m: v for m, (v, _) in avail.items()},
           'unavailable': {m: e for m, (_, e) in avail.items() if e}, 'results': []}
    for task in job['tasks']:
        out['results'].append(msd_task(task, avail) if task['kind'] == 'msd' else rdf_task(task, avail))
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
