"""The GraphQL API: thin Strawberry types over the domain layer the CLI also uses."""
