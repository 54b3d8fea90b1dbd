// The peer of the benchmark: @neo4j/graphql 7 on @apollo/server 5, over the same Neo4j and
// the same labels as referral-graph (docs/model.md). Started by bench/peer_side.py:
//   NEO4J_URI=bolt://127.0.0.1:PORT NEO4J_USER=neo4j NEO4J_PASSWORD=... PORT=8xxx node server.mjs
// It serves POST /graphql and GET /health on 127.0.0.1 only. No auth: the benchmark asks it
// only what a public caller may see, with the filter in the query (confidential: false).
import http from "node:http";
import { ApolloServer, HeaderMap } from "@apollo/server";
import { Neo4jGraphQL } from "@neo4j/graphql";
import neo4j from "neo4j-driver";

const typeDefs = /* GraphQL */ `
  type Organization @node {
    id: ID!
    name: String!
    kind: String
    national: Boolean
    confidential: Boolean
    activeFrom: Date @alias(property: "active_from")
    activeTo: Date @alias(property: "active_to")
    states: [State!]! @relationship(type: "OPERATES_IN", direction: OUT)
    capabilities: [Capability!]! @relationship(type: "PROVIDES", direction: OUT)
    collaborations: [Collaboration!]!
      @relationship(type: "MEMBER_OF", direction: OUT, properties: "MemberOf")
  }
  type MemberOf @relationshipProperties {
    role: String
  }
  type State @node {
    id: ID!
    code: String!
    nameEs: String @alias(property: "name_es")
  }
  type ServiceType @node {
    id: ID!
    nameEs: String @alias(property: "name_es")
  }
  type Capability @node {
    id: ID!
    basis: String
    national: Boolean
    activeFrom: Date @alias(property: "active_from")
    activeTo: Date @alias(property: "active_to")
    service: [ServiceType!]! @relationship(type: "OF_SERVICE", direction: OUT)
    covers: [State!]! @relationship(type: "COVERS", direction: OUT)
    organization: [Organization!]! @relationship(type: "PROVIDES", direction: IN)
    sources: [Source!]! @relationship(type: "SOURCED_FROM", direction: OUT)
  }
  type Source @node {
    id: ID!
    document: String
    passage: String
  }
  type Collaboration @node {
    id: ID!
    name: String!
    kind: String
    members: [Organization!]!
      @relationship(type: "MEMBER_OF", direction: IN, properties: "MemberOf")
  }
`;

const driver = neo4j.driver(
  process.env.NEO4J_URI,
  neo4j.auth.basic(process.env.NEO4J_USER || "neo4j", process.env.NEO4J_PASSWORD || ""),
  { maxConnectionPoolSize: 50 },
);
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
const server = new ApolloServer({ schema, introspection: true });
await server.start();

http
  .createServer(async (req, res) => {
    if (req.method === "GET" && req.url === "/health") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"ok":true}');
      return;
    }
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const headers = new HeaderMap();
    for (const [k, v] of Object.entries(req.headers)) headers.set(k, String(v));
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString() || "{}");
    } catch {
      res.writeHead(400);
      res.end();
      return;
    }
    const out = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method, headers, search: "", body },
      context: async () => ({}),
    });
    let text = "";
    if (out.body.kind === "complete") text = out.body.string;
    else for await (const part of out.body.asyncIterator) text += part;
    const h = { "content-length": Buffer.byteLength(text) };
    for (const [k, v] of out.headers) h[k] = v;
    res.writeHead(out.status || 200, h);
    res.end(text);
  })
  .listen(Number(process.env.PORT), "127.0.0.1", () => {
    console.log(`peer on http://127.0.0.1:${process.env.PORT}/graphql`);
  });
