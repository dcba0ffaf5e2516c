"""Deliverables built from rendered signers: bulletins (and, from the overlay work, programme overlays)."""
