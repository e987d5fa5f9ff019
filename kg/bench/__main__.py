import sys

from kg.cli import main

sys.exit(main(["bench", *sys.argv[1:]]))
