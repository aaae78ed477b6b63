"""Aggregation across articles: the aid tracker (pledges deduplicated, totals normalised),
events and the figures of harm with their sources and conflicts."""
