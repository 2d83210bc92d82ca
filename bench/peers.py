"""Peer side of the parsing benchmark: read trajectories with ASE or pymatgen.

    /usr/bin/python3 bench/peers.py PEER REPS WARMUP KIND:FILE [KIND:FILE ...]

PEER is `ase` or `pymatgen`; KIND is `xdatcar` or `extxyz`. Prints one JSON object on stdout:
the import time of the peer's modules, then per file the wall time of every repetition of the
read call alone (time.perf_counter around it), the number of frames, and the sum of all
Cartesian positions (computed outside the timed region) so the driver can check that every
tool parsed the same numbers. WARMUP=1 reads each file once more first, untimed except as
`warmupSeconds` (it also pays for the peer's lazily imported format modules). A peer that
cannot read a kind says why in `na`.
"""
import json
import resource
import sys
import time


def main():
    peer, reps, warmup = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
    jobs = [a.split(":", 1) for a in sys.argv[4:]]
    out = {"peer": peer, "files": []}
    t = time.perf_counter()
    if peer == "ase":
        import ase
        import ase.io

        out["version"] = ase.__version__
        readers = {
            "xdatcar": lambda p: ase.io.read(p, index=":", format="vasp-xdatcar"),
            "extxyz": lambda p: ase.io.read(p, index=":", format="extxyz"),
        }
        checksum = lambda frames: float(sum(a.positions.sum() for a in frames))
    elif peer == "pymatgen":
        from pymatgen.io.vasp.outputs import Xdatcar
        from pymatgen.io.xyz import XYZ

        try:
            from importlib.metadata import version

            out["version"] = version("pymatgen")
        except Exception:  # Debian may not ship the dist-info
            out["version"] = "unknown"
        readers = {
            "xdatcar": lambda p: Xdatcar(p).structures,
            # pymatgen has no extxyz reader; XYZ reads the multi-frame file as Molecules
            # (the Lattice= comment is ignored, the positions are read).
            "extxyz": lambda p: XYZ.from_file(p).all_molecules,
        }
        checksum = lambda frames: float(sum(s.cart_coords.sum() for s in frames))
    else:
        raise SystemExit(f"unknown peer {peer}")
    out["importSeconds"] = time.perf_counter() - t

    for kind, path in jobs:
        entry = {"kind": kind, "path": path, "seconds": []}
        read = readers.get(kind)
        if read is None:
            entry["na"] = f"{peer} has no reader for {kind}"
        else:
            if warmup:
                t = time.perf_counter()
                frames = read(path)
                entry["warmupSeconds"] = time.perf_counter() - t
                del frames
            for _ in range(reps):
                t = time.perf_counter()
                frames = read(path)
                entry["seconds"].append(time.perf_counter() - t)
                entry["frames"] = len(frames)
                entry["checksum"] = checksum(frames)
                del frames
        out["files"].append(entry)
    # ru_maxrss is KiB on Linux.
    out["maxRssKiB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps(out))


if __name__ == "__main__":
    main()
