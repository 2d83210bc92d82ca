"""Peer side of the scale benchmark's MSD comparison (bench/scale.ts).

Usage: /usr/bin/python3 bench/peers_scale.py JOB.json > result.json

JOB.json: {"npy": T x N x 3 float64 (unwrapped, float32-rounded values), "symbols": [...],
"select": "Li", "reps": n, "fft_false_max_frames": m}

Times, on the same array:
- numpy_fft: a plain NumPy FFT MSD written here (below), vectorised over atoms and axes;
- mda_fft: MDAnalysis EinsteinMSD(msd_type='xyz', fft=True) (needs tidynamics);
- mda: EinsteinMSD(fft=False), O(T^2 N), only when T <= fft_false_max_frames.
Only the computation is timed (time.perf_counter); building the Universe is "mda_load".
The helpers (imports with reasons, repetition rule, MemoryReader Universe) come from
peers_analyses.py, the analysis benchmark's peer script.
"""
import json
import os
import sys
import time
import warnings

warnings.filterwarnings('ignore')
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402
from peers_analyses import timed, try_import, universe  # noqa: E402


def fft_msd(x):
    """MSD(m) = <|r(t+m) - r(t)|^2> over all origins t, averaged over atoms, for lags 0..T-1.

    x: (T, N, 3) unwrapped positions. Per atom and axis, with T - m origins at lag m:
      sum_t |r(t+m) - r(t)|^2 = S1(m) - 2 S2(m),
      S1(m) = sum_{t<T-m} (r(t+m)^2 + r(t)^2), from running sums of r^2 from both ends,
      S2(m) = sum_{t<T-m} r(t) r(t+m), the autocorrelation, via zero-padded FFT (length 2T).
    """
    T = x.shape[0]
    sq = np.einsum('tnk,tnk->tn', x, x)                      # (T, N): |r(t)|^2
    total = 2.0 * sq.sum(axis=0)                              # S1(0)
    # S1(m) = total - sum_{k<m} (|r(k)|^2 + |r(T-1-k)|^2)
    ends = np.cumsum(sq + sq[::-1], axis=0)                   # (T, N)
    s1 = np.empty_like(sq)
    s1[0] = total
    s1[1:] = total - ends[:-1]
    f = np.fft.rfft(x, n=2 * T, axis=0)
    s2 = np.fft.irfft((f * f.conj()).real, n=2 * T, axis=0)[:T].sum(axis=2)   # (T, N)
    counts = (T - np.arange(T))[:, None]
    return ((s1 - 2.0 * s2) / counts).mean(axis=1)


def main():
    job = json.load(open(sys.argv[1]))
    pos = np.load(job['npy'])
    symbols = job['symbols']
    idx = [i for i, s in enumerate(symbols) if s == job['select']]
    avail = {m: try_import(m) for m in ('MDAnalysis', 'tidynamics')}
    out = {'python': sys.version.split()[0], 'numpy': np.__version__,
           'versions': {m: v for m, (v, _) in avail.items()},
           'unavailable': {m: e for m, (_, e) in avail.items() if e}}
    sel = np.ascontiguousarray(pos[:, idx, :])
    curve, times = timed(lambda: fft_msd(sel), job['reps'])
    out['numpy_fft'] = {'times': times, 'curve': curve.tolist()}
    if avail['MDAnalysis'][1] is None:
        from MDAnalysis.analysis.msd import EinsteinMSD
        t0 = time.perf_counter()
        u = universe(symbols, pos.astype(np.float32))
        out['mda_load'] = time.perf_counter() - t0

        def run(fft):
            m = EinsteinMSD(u, select='name ' + job['select'], msd_type='xyz', fft=fft)
            m.run()
            return m.results.timeseries

        if avail['tidynamics'][1] is not None:
            out['mda_fft'] = {'skipped': f'EinsteinMSD(fft=True) needs tidynamics ({avail["tidynamics"][1]}), which Debian does not package'}
        else:
            c, t = timed(lambda: run(True), job['reps'])
            out['mda_fft'] = {'times': t, 'curve': c.tolist()}
        if len(pos) > job['fft_false_max_frames']:
            out['mda'] = {'skipped': f'EinsteinMSD(fft=False) is O(T^2 N): not run above {job["fft_false_max_frames"]} frames'}
        else:
            c, t = timed(lambda: run(False), job['reps'])
            out['mda'] = {'times': t, 'curve': c.tolist()}
    else:
        out['mda'] = out['mda_fft'] = {'skipped': avail['MDAnalysis'][1]}
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main()
