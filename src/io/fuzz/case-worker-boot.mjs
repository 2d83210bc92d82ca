// Entry of the fuzzer's case worker: worker threads do not inherit the test runner's loader,
// so register tsx here (as src/run/worker-boot.mjs does), then load the worker itself.
import { register } from 'tsx/esm/api';

register();
await import('./case-worker.ts');
