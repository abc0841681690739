"""One module per CLI command: `register(subparsers)` adds its parser, `run(args)` returns the exit code."""
