"""`python -m bookkit.build [--force] [--only CHAPTER] [--jobs N] [--no-html]`."""

from .book import main

raise SystemExit(main())
