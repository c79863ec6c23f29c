"""officer feature: the home page an officer lands on, with what needs their attention."""
