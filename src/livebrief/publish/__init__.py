"""Publishing: the web app (pages and their JSON twins), built on the store's query functions."""
