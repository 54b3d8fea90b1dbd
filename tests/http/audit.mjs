// Runs the graphql-http project's GraphQL over HTTP audits against a live service and
// prints one JSON line per audit; exits 1 when a MUST or SHOULD audit does not pass.
// Usage: node audit.mjs http://127.0.0.1:PORT/graphql (tests/http/test_graphql_over_http.py)
import { auditServer } from "graphql-http";

const url = process.argv[2];
if (!url) {
  console.error("usage: node audit.mjs <url of /graphql>");
  process.exit(2);
}
const results = await auditServer({ url });
let failed = 0;
for (const r of results) {
  const level = r.name.split(" ")[0];
  const line = { id: r.id, level, status: r.status, name: r.name };
  if (r.status !== "ok") {
    line.reason = r.reason;
    if (r.response) {
      line.httpStatus = r.response.status;
      line.contentType = r.response.headers.get("content-type");
      try {
        line.body = (await r.response.text()).slice(0, 300);
      } catch {
        line.body = null;
      }
    }
    if (level === "MUST" || level === "SHOULD") failed += 1;
  }
  console.log(JSON.stringify(line));
}
console.error(`${results.length} audits, ${failed} MUST or SHOULD not passed`);
process.exit(failed ? 1 : 0);
