// The GraphQL explorer page: GraphiQL bundled at setup and served by the app, so it works
// offline (no CDN). Monaco's workers are bundled beside it, under /static/vendor/workers/.
import React from "react";
import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import { createGraphiQLFetcher } from "@graphiql/toolkit";
import "graphiql/style.css";

globalThis.MonacoEnvironment = {
  getWorker(_id, label) {
    const name = label === "json" ? "json" : label === "graphql" ? "graphql" : "editor";
    return new Worker(`/static/vendor/workers/${name}.worker.js`);
  },
};

const fetcher = createGraphiQLFetcher({ url: "/graphql" });
const token = sessionStorage.getItem("referral-graph-token");
const headers = token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : "";

const start = `# referral-graph — GraphQL explorer (offline)
# Who can provide legal aid in Oaxaca?
query LegalAidOaxaca {
  providers(service: "legal_aid", state: "OAX", asOf: "2008-06-01") {
    message
    providers { organization { name } reachLabel why }
    alternatives { organization { name } state distance }
    confidentialNote
  }
}
`;

createRoot(document.getElementById("graphiql")).render(
  React.createElement(GraphiQL, {
    fetcher,
    defaultQuery: start,
    initialHeaders: headers,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
  }),
);

// GraphiQL marks each query tab's <li> as the tab and puts a button inside it (a tab inside a
// tab: axe's nested-interactive). Give the role to the button, so a screen reader hears one
// tab with its name and state.
function fixTabs(root) {
  for (const li of root.querySelectorAll("li.graphiql-tab[role=tab]")) {
    const button = li.querySelector("button.graphiql-tab-button");
    if (!button) continue;
    button.setAttribute("role", "tab");
    button.setAttribute("aria-selected", li.getAttribute("aria-selected") || "false");
    li.setAttribute("role", "presentation");
    li.removeAttribute("aria-selected");
  }
}
const box = document.getElementById("graphiql");
new MutationObserver(() => fixTabs(box)).observe(box, { subtree: true, childList: true, attributes: true,
  attributeFilter: ["role", "aria-selected"] });
