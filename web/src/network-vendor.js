// Cytoscape with its fcose layout (force-directed, with overlap removal) and SVG export,
// bundled once at setup. The network page loads this file after its list of organizations
// is on screen, so the page is useful before the 150 KiB of graph code arrive.
import cytoscape from "cytoscape";
import fcose from "cytoscape-fcose";
import svg from "cytoscape-svg";

cytoscape.use(fcose);
cytoscape.use(svg);
globalThis.cytoscape = cytoscape;
