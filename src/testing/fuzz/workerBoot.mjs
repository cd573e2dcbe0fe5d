// Worker threads do not inherit the TypeScript loader of the test runner or tsx: register tsx's, then load the
// worker written in TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
