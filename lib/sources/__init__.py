"""Where raw tables come from. Every source returns a `RawWorkbook`; nothing here interprets
cells, so each source feeds exactly the same validation."""
