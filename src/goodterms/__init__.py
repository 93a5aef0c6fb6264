"""goodterms: stay on good terms with your network."""

__version__ = "0.1.0"
