"""Rollout analysis: staggered difference in differences, event studies, pre-trend tests,
g-formula, CUPED and mixed models over unit x period panels declared in the dbt var `rollouts`."""
