import sys

from certhelper.cli import main

sys.exit(main())
