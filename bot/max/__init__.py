"""MAX, the second messenger: its updates become the handlers' inputs and the handlers' Bot API calls
become MAX calls, at the boundary, so that no feature is written twice (see docs/max.md)."""
