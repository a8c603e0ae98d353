"""Open Referral HSDS 3.0 (and UK profile) import and export."""

from directory.hsds.export import export_document
from directory.hsds.importer import ImportFailed, ImportReport, import_document

__all__ = ["ImportFailed", "ImportReport", "export_document", "import_document"]
