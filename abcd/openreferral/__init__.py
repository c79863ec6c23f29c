"""The Open Referral UK feed (HSDS 3.0, UK profile) of published organisational records."""
