"""mail feature: email that reaches people, in their own language, through a pluggable sender."""
