"""Shared guards against silent data loss and silent wrong answers (issue 10), used by every command and
the dashboard:

* ``taxben.safety.output``: where a result may be written (``claim_output``), the lock, the temporary
  folder renamed onto the target, stale temporary folders cleaned;
* ``taxben.safety.csvread``: CSV as plain tools and as Danish Excel write it (``;``, decimal comma,
  Windows-1252, BOM, CRLF), ambiguous files refused;
* ``taxben.safety.plausible``: finite values, bounds and plausibility warnings from the population
  schema, months written ``YYYY-MM``, a horizon inside the rule coverage;
* ``taxben.safety.errors``: ``UserError`` (exit 2) and ``guarded`` (one message, never a traceback).
"""

from taxben.safety.errors import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USER, UserError, guarded

__all__ = ["EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_USER", "UserError", "guarded"]
