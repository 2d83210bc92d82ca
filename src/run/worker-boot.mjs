// Worker entry when paddlewheel runs from its TypeScript sources (bin/paddlewheel.js through
// tsx, or vitest): worker threads do not inherit the main thread's loader, so register tsx
// here, then load the worker itself. Built packages start dist/run/worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
