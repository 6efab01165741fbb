"""Background jobs of agreements: the import's preview and confirm."""

from functools import partial

from accounts.access import require_manager
from kitek_portal.import_jobs import register_import
from kitek_portal.imports import ResourceImporter

from .resources import REQUIRED_COLUMNS, AgreementResource

register_import(
    "agreements",
    "договоры",
    partial(ResourceImporter, AgreementResource, REQUIRED_COLUMNS),
    require_manager,
)
