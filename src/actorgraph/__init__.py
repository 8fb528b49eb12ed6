"""actorgraph: knowledge graphs of conflict actors and alliances."""

__version__ = "0.1.0"
