"""Where the project's own files are: one definition, imported by every stage that needs them."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
SCHEMAS = SCRIPTS / "schemas"
TEMPLATES = SCRIPTS / "templates"
LOCALES = SCRIPTS / "locale"
