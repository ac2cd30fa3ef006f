import sys

from disrupt.cli import main

sys.exit(main())
