"""`python -m relevance evaluate FILE.jsonl`: the same as `manage.py evaluate_relevance`."""

import sys

from .evaluation import main

sys.exit(main())
