"""Building blocks of the dashboards (kept small: one concern per module)."""
