"""Write the bundled sample workbook (data/sample.xlsx) from lib.sample_data.

Usage: python scripts/make_sample.py [OUT]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from lib.sample_data import sample_tabs
from lib.sources.files import write_xlsx
from lib.sources.sample import SAMPLE_PATH

out = Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE_PATH
out.write_bytes(write_xlsx(sample_tabs()))
print(f"wrote {out}")
