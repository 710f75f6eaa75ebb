// Entry of dist/toolSetup.js (issue 21, item 2): Set Up Other Tools… and Undo Tool Setup, loaded by
// host.js (toolCommands.ts) on first use. The configs themselves are read and written by dist/tools.js
// (src/core/tools), which this bundle is handed, so its parsers are not carried twice.
export { setUpOtherTools } from './setupFlow';
export { undoToolSetup } from './undoFlow';
