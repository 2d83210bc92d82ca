/** Docking of cations over the B3 triads of icosahedral anions (SPEC section 6). */
export { BINDING_DISTANCE, DOCK_MARGIN, chooseRDock, dockingAnalysis, nearestAxisAngle, type DockingParams, type DockingResult, type DockingState } from './analysis.js';
export { isotropicTriadAngleDensity } from './isotropic.js';
export { cageFaces, triadDirections, type CageFaces } from './triads.js';
