"""The students import as background jobs (loaded by PracticeConfig.ready)."""

from accounts.access import require_manager
from kitek_portal.import_jobs import register_import

from .resources import StudentImport

register_import("students", "группы и обучающиеся", StudentImport, require_manager)
