"""Screening definition files before any parser that resolves anything sees them.

An uploaded diagram is hostile until proved otherwise: a DTD can declare external entities (XXE:
read /etc/passwd, reach the network) or nested ones that expand to gigabytes (billion laughs).
Files are refused, in this order, for size, for anything defusedxml forbids (a DTD, an entity,
an external reference), then parsed by lxml with entity resolution, DTD loading and network
access off and libxml2's depth and text limits on (huge_tree=False).
"""

from __future__ import annotations

from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring as defused_fromstring
from lxml import etree

from workflow.domain.phrases import Said, phrase, reason_text

MAX_FILE_BYTES = 2 * 1024 * 1024
DTD = reason_text("%(file)sDTDs are not allowed%(detail)s")
MALFORMED = reason_text("%(file)snot well-formed XML: %(detail)s")


class HostileFileError(ValueError):
    """A file refused before parsing; the message names the file and what was refused.

    `said` is the message as a phrase a page says in the reader's language; `refused` the same
    without the file's name (a list of problems names the file beside it)."""

    def __init__(self, name: str, template: str, **values: Any) -> None:
        self.said = Said(phrase(template, file=f"{name}: ", **values))
        self.refused = Said(phrase(template, file="", **values))
        super().__init__(self.said)


def safe_tree(name: str, text: str, max_bytes: int = MAX_FILE_BYTES) -> etree._Element:
    """The file's root element, or HostileFileError saying why it was refused."""
    data = text.encode("utf-8")
    if len(data) > max_bytes:
        raise HostileFileError(name, reason_text("%(file)slarger than %(limit)s bytes%(detail)s"),
                               limit=max_bytes, detail=f" ({len(data)})")
    try:
        defused_fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DTDForbidden as exc:
        raise HostileFileError(name, DTD, detail=f" (<!DOCTYPE {exc.name}>)") from exc
    except EntitiesForbidden as exc:
        raise HostileFileError(name, reason_text(
            "%(file)sDTDs and entities are not allowed%(detail)s"),
            detail=f" (entity {exc.name!r})") from exc
    except ExternalReferenceForbidden as exc:
        raise HostileFileError(name, reason_text(
            "%(file)sexternal references are not allowed%(detail)s"),
            detail=f" ({exc.sysid or exc.pubid})") from exc
    except ParseError as exc:
        raise HostileFileError(name, MALFORMED, detail=str(exc)) from exc
    parser = etree.XMLParser(resolve_entities=False, no_network=True, dtd_validation=False,
                             load_dtd=False, huge_tree=False, remove_comments=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise HostileFileError(name, MALFORMED, detail=str(exc)) from exc
    if root.getroottree().docinfo.internalDTD is not None:  # belt and braces
        raise HostileFileError(name, DTD, detail="")
    return root
