"""`python -m signgen` runs the command line."""

from signgen.cli import app

app(prog_name="signgen")
