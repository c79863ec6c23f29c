"""notices feature: messages the system sends a user, written in that user's language."""
