/**
 * Profiling helper of the analysis benchmark (not part of `npm run bench:analyses`): runs one
 * paddlewheel analysis on frames in memory many times, for `node --cpu-prof`.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/analyses-profile.ts msd|rdf|sites [REPS]
 *
 *   node --import tsx bench/analyses-profile.ts --summary /tmp/prof/FILE.cpuprofile   # top 25 by self time
 */
import { readFileSync } from 'node:fs';
import { argyroditeUnwrapped, argyroditeWrapped, inputDir } from './analyses-inputs.js';
import { msdAnalysis } from '../src/analysis/msd/index.js';
import { pwRdf, pwSites, runInMemory } from './analyses-pw.js';

const [what, second] = process.argv.slice(2);
if (what === '--summary') {
  // Self time per function (µs) from a V8 .cpuprofile: samples × sampling interval.
  const p = JSON.parse(readFileSync(second!, 'utf8')) as { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const n = byId.get(id)!, dt = p.timeDeltas[i] ?? 0;
    const key = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/.*\/main\//, '')}:${n.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + dt);
    total += dt;
  });
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) process.stdout.write(`${(100 * v / total).toFixed(1).padStart(5)} %  ${k}\n`);
} else {
  const reps = Number(second ?? 10);
  const dir = inputDir(new URL('..', import.meta.url).pathname);
  const w = await argyroditeWrapped(dir);
  if (what === 'msd') {
    const u = await argyroditeUnwrapped(dir, w);
    for (let i = 0; i < reps; i++) runInMemory(u, msdAnalysis, { drift: { kind: 'none' }, maxLag: 69.9 }, { cation: 'Li' });
  }
  else if (what === 'rdf') await pwRdf(w, 'S', 'Li', 10, 200, reps);
  else if (what === 'sites') await pwSites(w, reps);
  else { process.stderr.write('usage: analyses-profile.ts msd|rdf|sites [REPS] | --summary FILE.cpuprofile\n'); process.exit(2); }
}
