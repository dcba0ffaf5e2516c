"""Deliverables built from rendered signers: the signer in a window over a programme."""
