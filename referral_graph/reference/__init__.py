"""Reference data every layer shares: the federal entities and the service taxonomy, read
from `seeds/reference`, and the one way to turn what a user typed into their ids."""
