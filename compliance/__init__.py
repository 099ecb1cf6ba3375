"""The read side: roll-ups of the reports over a branch, the dashboards, and the period's
compliance report (PDF and Excel) with the task and command that make it. It writes no report."""
