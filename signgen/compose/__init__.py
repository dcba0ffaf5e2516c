"""Deliverables built from rendered signers: bulletins, and the signer in a window over a programme."""
