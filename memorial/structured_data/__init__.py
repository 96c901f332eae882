"""schema.org JSON-LD in every public page (``graph.py``), for search engines and knowledge graphs."""
