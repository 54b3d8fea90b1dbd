"""The browser app: pages and exports served by the API process, over the same roles."""
