"""Container images: a key baked into an image ships to everyone who pulls it.

A key in the image configuration (``Env``, ``Labels``, the ``created_by`` of its
history, where ``ENV`` and ``ARG`` values end up) is readable with ``docker inspect``;
a key in a layer's file stays in that layer even when a later layer deletes the file.
"""

from __future__ import annotations

from vpkscan.context.classifier_types import Evidence
from vpkscan.model import ImageSite
from vpkscan.paths import printable

#: What to do about a key baked into an image (the dotenv and plain-text advice speaks
#: of git, which does not apply).
FIX = (
    "rotate the key in Settings → API, rebuild the image without it (pass it at run time "
    "or as a build secret, list .env in .dockerignore) and delete the pushed tags that "
    "hold it: every layer of a pushed image can be pulled"
)

_FIELDS = {
    "Env": "sets it in its configuration's `Env` (an `ENV` instruction)",
    "Labels": "sets it in a label of its configuration",
    "history": "records it in the build history of its configuration (an `ENV` or `ARG`)",
}


def image_evidence(site: ImageSite) -> Evidence:
    """What a reviewer checks for an occurrence inside an image."""
    image = f"image `{printable(site.image)}`"
    if site.layer is None:
        where = _FIELDS.get(site.field or "", "holds it in its configuration")
        return (f"the {image} {where}: anyone who pulls the image can read it",)
    layer = f"it is in layer {site.layer} of the {image}"
    if site.created_by:
        layer += f", created by `{printable(site.created_by.strip())}`"
    evidence = [layer]
    if site.deleted_in is not None:
        evidence.append(
            f"the file was deleted in layer {site.deleted_in} but is still in the image: "
            "every layer ships with it"
        )
    return tuple(evidence)


def in_configuration(site: ImageSite | None) -> bool:
    """Whether the occurrence is in an image configuration (not a layer's file)."""
    return site is not None and site.layer is None
