// Copy and bundle the front-end packages into the Python package's static folder.
// Run by `make serve` / `make test` after `npm ci`; the output is not committed.
import { build } from "esbuild";
import { cpSync, mkdirSync, rmSync } from "node:fs";

const out = new URL("../referral_graph/web/static/vendor/", import.meta.url).pathname;
rmSync(out, { recursive: true, force: true });
mkdirSync(out + "workers", { recursive: true });

cpSync("node_modules/cytoscape/dist/cytoscape.min.js", out + "cytoscape.min.js");
cpSync("node_modules/cytoscape-svg/cytoscape-svg.js", out + "cytoscape-svg.js");

const common = { bundle: true, minify: true, logLevel: "warning", legalComments: "none",
                 define: { "process.env.NODE_ENV": '"production"' } };

await build({
  ...common,
  entryPoints: { explorer: "src/explorer.jsx" },
  outdir: out,
  format: "esm",
  splitting: false,
  loader: { ".ttf": "file", ".woff": "file", ".woff2": "file" },
  jsx: "automatic",
});

await build({
  ...common,
  entryPoints: {
    "editor.worker": "monaco-editor/esm/vs/editor/editor.worker.js",
    "json.worker": "monaco-editor/esm/vs/language/json/json.worker.js",
    "graphql.worker": "monaco-graphql/esm/graphql.worker.js",
  },
  outdir: out + "workers",
  format: "iife",
});
console.log(`assets written to ${out}`);
