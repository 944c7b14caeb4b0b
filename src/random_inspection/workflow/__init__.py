"""The workflow layer: plans, draws and, as they are built, inspections, obligations and disclosure. It joins
the profiles (what the rules are) with the draw (how the randomness is used)."""

from random_inspection.workflow.draws import draw_rules

__all__ = ["draw_rules"]
