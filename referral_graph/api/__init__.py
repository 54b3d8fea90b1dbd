"""The web service: FastAPI app, GraphQL endpoint, health and static pages."""
