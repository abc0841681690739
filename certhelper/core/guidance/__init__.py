"""What the app knows of the domain (the catalogue), the guides and contacts built from it, opening hours."""
