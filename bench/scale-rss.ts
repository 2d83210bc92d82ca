/**
 * Peak-RSS wrapper for machines without GNU `/usr/bin/time`: runs a Node entry point in this
 * process and, at exit, writes `process.resourceUsage().maxRSS` (KiB) to the file named by
 * PW_BENCH_RSS.
 *
 *   PW_BENCH_RSS=/tmp/x node bench/scale-rss.ts bin/paddlewheel.js info FILE
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const out = process.env.PW_BENCH_RSS;
process.on('exit', () => {
  if (out) writeFileSync(out, `${process.resourceUsage().maxRSS}\n`);
});
// The entry point sees its own argv: [node, entry, ...args].
process.argv.splice(1, 1);
const entry = process.argv[1];
if (!entry) {
  process.stderr.write('usage: PW_BENCH_RSS=FILE node bench/scale-rss.ts ENTRY.js [args…]\n');
  process.exit(2);
}
await import(pathToFileURL(resolve(entry)).href);
