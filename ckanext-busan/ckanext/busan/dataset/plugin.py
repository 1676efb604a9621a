"""busan_dataset: the Busan dataset schema (ckanext-scheming YAML in ckanext/busan/schemas),
its validators, code lists, 공공누리 licences, URL names from Korean titles and the
encoding of uploaded files."""

from __future__ import annotations

import logging
import re
import unicodedata

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.busan.dataset import actions, auth, helpers, validators
from ckanext.busan.dataset.codelists import LICENSES_FILE, values
from ckanext.busan.dataset.encoding import SAMPLE_BYTES, detect_encoding
from ckanext.busan.dataset.slug import romanise

log = logging.getLogger(__name__)


def licenses_url(path) -> str:
    """CKAN opens a file:// licence URL by stripping the scheme, without unquoting: the path
    must stay raw (a checkout under /home/홍길동/my portal has spaces and Hangul)."""
    return f"file://{path}"


def upload_filename(filename: str) -> str:
    """The name to store an upload under: Hangul romanised ('대기질.xlsx' -> 'daegijil.xlsx').

    CKAN's munge_filename keeps ASCII only, so a Hangul-only name became '.xlsx', a name
    without an extension: no format was guessed and the table was never loaded.
    """
    name = romanise(unicodedata.normalize("NFC", filename))
    stem, dot, extension = name.rpartition(".")
    if dot and not re.search(r"[A-Za-z0-9]", stem):
        name = f"file.{extension}"  # nothing usable left of the name itself (e.g. '★.csv')
    return name


@tk.blanket.helpers(helpers)
@tk.blanket.actions(actions)
@tk.blanket.auth_functions(auth)
@tk.blanket.validators(validators)
class BusanDatasetPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IResourceController, inherit=True)

    # IConfigurer
    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_resource("assets", "busan_dataset")
        if not config.get("licenses_group_url"):
            config["licenses_group_url"] = licenses_url(LICENSES_FILE)

    # IResourceController
    def before_resource_create(self, context, resource):
        self._readable_upload_name(resource)
        if not resource.get("encoding"):
            self._detect_upload_encoding(resource)

    def before_resource_update(self, context, current, resource):
        self._readable_upload_name(resource)
        # A replaced file brings the stored encoding back with the form: detect again unless
        # the publisher changed the choice in this edit.
        if not resource.get("encoding") or resource.get("encoding") == current.get("encoding"):
            self._detect_upload_encoding(resource)

    @staticmethod
    def _readable_upload_name(resource: dict) -> None:
        upload = resource.get("upload")
        if getattr(upload, "filename", None):
            upload.filename = upload_filename(upload.filename)

    @staticmethod
    def _detect_upload_encoding(resource: dict) -> None:
        """Fill 인코딩 from the uploaded bytes (nothing happens without a new upload)."""
        upload = resource.get("upload")
        if not hasattr(upload, "stream"):
            return
        stream = upload.stream
        try:
            start = stream.tell()
            sample = stream.read(SAMPLE_BYTES)
            stream.seek(start)
        except (OSError, AttributeError):
            log.warning("could not read upload %s to detect its encoding", getattr(upload, "filename", "?"))
            return
        encoding = detect_encoding(sample)
        if encoding in values("encodings"):
            resource["encoding"] = encoding
