/** Bundled (esbuild, IIFE) and added to every page before the app's own scripts. */
import { installOpenProbe, scrollGrid } from './probe';

installOpenProbe();
window.__scrollGrid = scrollGrid;
