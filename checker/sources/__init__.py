"""Reading sources: local files now, URLs and snapshots through the same `SourceDoc`."""

from checker.sources.document import SourceDoc, extract

__all__ = ["SourceDoc", "extract"]
