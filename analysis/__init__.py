"""Python tools for greenfab results (run with /usr/bin/python3)."""
