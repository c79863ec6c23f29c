"""People who speak for a venue or group: claims to manage an asset, officers ' decisions, and managers."""
