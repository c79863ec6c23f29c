"""Background jobs: work that must never run inside a request (metrics refresh; later imports, reminders, backups)."""
