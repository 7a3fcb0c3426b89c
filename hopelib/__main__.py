"""``python -m hopelib`` is the same as ``hope``."""

from hopelib.cli import main

raise SystemExit(main())
