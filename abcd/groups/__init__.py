"""Associations as groups of people: joining, leaving, organisers and meeting places."""
