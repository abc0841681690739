"""The command line front-end: argparse, one module per command in commands/, rendering an assessment."""
