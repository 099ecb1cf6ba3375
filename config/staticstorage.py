"""Static files under names carrying a hash of their content, compressed ahead (gzip and
Brotli by whitenoise), so that browsers keep them for a year and ask again only when a file
changed."""
from urllib.parse import urljoin

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed names also when DEBUG is on: Django's manifest storage otherwise falls back to
    the plain names under `make run`, and an officer's browser would revalidate every file."""

    # Only stylesheets' url() and source-map references are rewritten: the vendored Chart.js
    # names a source map it does not ship, which would stop collectstatic.
    patterns = tuple(p for p in CompressedManifestStaticFilesStorage.patterns if p[0] == "*.css")

    def url(self, name, force=True):
        if name and name.endswith("/"):
            # A folder (the print view's fonts/ for its @font-face rules): no hash to give it;
            # the files in it are also kept under their plain names.
            return urljoin(self.base_url, name.lstrip("/"))
        return super().url(name, force=True)
