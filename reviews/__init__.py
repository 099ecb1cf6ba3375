"""The Board's documents over many periods: the programme's interim and final review."""
