// Entry of dist/host.js, loaded by the bootstrap (src/extension.ts) right after activation.
export { startHost } from './startHost';
