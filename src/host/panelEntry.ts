// Entry of dist/panel.js, loaded when the setup panel first opens.
export { SetupPanel } from './setupPanel';
