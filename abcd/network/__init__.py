"""The network: a graph of people, skills and assets built from links, its stored metrics and its views."""
