"""Prefect orchestration of the scoring library: tasks, artifacts and schedules only."""

from __future__ import annotations

import os

# No internet at run time, and the first start of Prefect's temporary server migrates its database
# for longer than the default 20 s timeout.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
