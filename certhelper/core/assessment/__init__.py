"""The one verdict: findings, renewal states and token states, decided once for every front-end."""
