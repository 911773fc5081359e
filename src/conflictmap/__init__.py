"""conflictmap: geocoded conflict events from news reports about northern Syria."""

__version__ = "0.1.0"
