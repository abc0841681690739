import sys

from certhelper.launcher import main

sys.exit(main())
