import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Peer cross-checks run Debian's Python tools (python3-ase, python3-pymatgen,
 * python3-mdanalysis) with /usr/bin/python3 — the `python3` first on PATH lacks them.
 * They run only when PADDLEWHEEL_PEER=1 (set by .ci/run after installing the peers).
 */
export const PYTHON = '/usr/bin/python3';

/** Whether the peer group can run, and why not. */
export function peerAvailable(...modules: string[]): { ok: boolean; reason: string } {
  if (process.env.PADDLEWHEEL_PEER !== '1') return { ok: false, reason: 'peer cross-checks are opt-in: set PADDLEWHEEL_PEER=1 (npm run test:peer)' };
  if (!existsSync(PYTHON)) return { ok: false, reason: `${PYTHON} not found` };
  for (const m of modules) {
    const r = spawnSync(PYTHON, ['-c', `import ${m}`], { encoding: 'utf8' });
    if (r.status !== 0) return { ok: false, reason: `${PYTHON} cannot import ${m} (apt-get install python3-${m.toLowerCase()})` };
  }
  return { ok: true, reason: '' };
}

/** Run a Python script with arguments; returns stdout parsed as JSON. Throws with stderr on failure. */
export function runPythonJson<T = unknown>(script: string, args: string[] = []): T {
  const r = spawnSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
