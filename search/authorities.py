"""One name per issuing body in the index, so 办公厅 and 国家税务总局办公厅 are one facet.

Aliases and abbreviations map to the full name at index time in both backends (and in the
authority filter of a query, so an old link with a short name still filters). The list lives in
data/authorities.txt (one body per line: full name, then its other names); the app that owns
发文字号 rules adds the agency abbreviations it knows with `register_authority_aliases`, so search
never reads another capability's rules itself.
"""

from collections.abc import Iterable, Mapping
from functools import cache

from search.segmentation import DATA, normalize

_registered: dict[str, str] = {}


@cache
def _listed() -> dict[str, str]:
    names: dict[str, str] = {}
    for line in (DATA / "authorities.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        full, *aliases = line.split()
        for alias in aliases:
            names[_key(alias)] = full
    return names


def _key(name: str) -> str:
    return "".join(normalize(name).split())


def register_authority_aliases(aliases: Mapping[str, str]) -> None:
    """Add short names (税务总局 → 国家税务总局) known to another capability."""
    _registered.update({_key(alias): full for alias, full in aliases.items()})


def canonical_authority(name: str) -> str:
    """The full name of an issuing body for any of its names; other names unchanged (trimmed)."""
    name = " ".join((name or "").split())
    key = _key(name)
    return _listed().get(key) or _registered.get(key) or name


def canonical_authorities(names: Iterable[str]) -> list[str]:
    """Full names, each once, in the given order, empty names dropped."""
    return list(dict.fromkeys(full for full in map(canonical_authority, names) if full))
