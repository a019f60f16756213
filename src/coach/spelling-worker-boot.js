// Worker threads do not inherit the tsx loader the CLI registers: register it, then load the worker.
import { register } from 'tsx/esm/api';

register();
await import('./spelling-worker.ts');
