"""Text reports made from the model: timeliness tables, pull-request summaries, Markdown tables."""
