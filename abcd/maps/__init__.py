"""Maps: the asset map, strengths by ward, small maps on asset pages and the embeddable map."""
