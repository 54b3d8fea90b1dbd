// The explorer page: a plain query box first (a few KB), GraphiQL (bundled at setup, served
// by the app, about 1.9 MB) only on request, so a slow connection is not held up by it.
import { chrome, token } from "./common.js";

chrome("/explorer");
const $ = (id) => document.getElementById(id);
$("query").value = `{
  providers(service: "legal_aid", state: "OAX", asOf: "2008-06-01") {
    message
    providers { organization { name } reachLabel why }
  }
}`;

$("light").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  const headers = { "Content-Type": "application/json" };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  const r = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query: $("query").value }) });
  $("answer").textContent = JSON.stringify(await r.json(), null, 2);
});

$("full").addEventListener("click", () => {
  const css = document.createElement("link");
  css.rel = "stylesheet"; css.href = "/static/vendor/explorer.css";
  document.head.append(css);
  $("graphiql").hidden = false;
  $("graphiql").classList.add("graphiql-box");
  import("/static/vendor/explorer.js");
  $("full").disabled = true;
});
