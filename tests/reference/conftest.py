"""Make the shared helpers (``reference_cases``) importable whatever pytest's import mode is."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
