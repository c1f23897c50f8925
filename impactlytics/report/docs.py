"""Copy the output of ``dbt docs generate`` beside the report."""

from __future__ import annotations

import shutil
from pathlib import Path

# In the order a link prefers them: the static page embeds the manifest and catalog, so it
# opens from disk; index.html fetches manifest.json and catalog.json and needs an HTTP server.
ENTRY_PAGES = ("static_index.html", "index.html")
DATA_FILES = ("manifest.json", "catalog.json")


def copy_dbt_docs(target_dir: Path, docs_dir: Path) -> str | None:
    """Copy the dbt docs found in ``target_dir`` into ``docs_dir``, replacing older copies.

    Returns the name of the page to link in ``docs_dir``, or None when ``target_dir`` holds
    no generated docs page.
    """
    shutil.rmtree(docs_dir, ignore_errors=True)
    pages = [name for name in ENTRY_PAGES if (target_dir / name).is_file()]
    if not pages:
        return None
    docs_dir.mkdir(parents=True)
    for name in (*pages, *DATA_FILES):
        if (target_dir / name).is_file():
            shutil.copy2(target_dir / name, docs_dir / name)
    return pages[0]
