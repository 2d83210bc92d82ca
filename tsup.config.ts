import { defineConfig } from 'tsup';

export default defineConfig({
  // run/worker: the worker thread of the chunked analysis pass (src/run/worker-pool.ts finds it as dist/run/worker.js).
  entry: { index: 'src/index.ts', 'cli/main': 'src/cli/main.ts', 'run/worker': 'src/run/worker.ts' },
  format: ['esm'],
  target: 'node20',
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  splitting: true,
});
