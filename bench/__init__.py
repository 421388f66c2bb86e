"""Load benchmarks: scripts that print figures, never timed tests (DESIGN.md section 9)."""
