"""Background jobs of the partner registry: the import's preview and confirm."""

from accounts.access import require_manager
from kitek_portal.import_jobs import register_import

from .resources import PartnerImport

register_import("partners", "партнёры", PartnerImport, require_manager)
