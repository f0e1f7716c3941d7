"""What a SageMaker instance type's name says (its processor class, its local storage), and
whether SageMaker offers it at all.

One rule for every user: the AWS importer (which class and which encryption choice an endpoint's
instances make) and validate's contradictions (a volume key claimed on local storage). Both
facts are read from the family in the name (``ml.g4dn.xlarge`` -> ``g4dn``), because the
SageMaker API returns no hardware description of an instance type. A family is a prefix of
letters (the series: c, m, r, g, p, inf, trn, dl), the generation number, then suffix letters
for options (``g`` Graviton, ``d`` local NVMe storage, ``n`` more network, ``i`` Intel, ``e``
more memory), sometimes a hyphenated variant (``p6-b200``).

Which families and sizes exist is AWS's list (``sagemaker_instance_types``, generated from the
SageMaker API model): every front end refuses a type typed by hand that is not on it
(``ml.m5.superhuge``), naming the sizes or the nearest types, unless the workload lists it in
``[workload] new_instance_types`` (a type newer than the list); ``validate`` warns of the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_FAMILY = re.compile(r"^(?P<series>[a-z]+?)(?P<generation>\d+)(?P<options>[a-z]*)(?:-[a-z0-9]+)?$")

# Accelerated series; every other series is a general-purpose, compute- or memory-optimised CPU.
_GPU_SERIES = ("g", "gr", "p")  # NVIDIA GPUs (g4dn, g5, g6, g6e, gr6, p4d, p5, p6-b200, ...)
_SERIES_CLASS = {"inf": "inferentia", "trn": "trainium"}
# Accelerators none of the rubric's classes describes: Habana Gaudi (ml.dl1).
_OTHER_ACCELERATOR_SERIES = ("dl",)

# Local NVMe instance storage, from the EC2 User Guide's "Instance store volume limits for EC2
# instances" (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-store-volumes.html)
# and the SageMaker ResourceConfig reference, which names ml.p4d, ml.g4dn and ml.g5 as NVMe
# families and ml.c5 and ml.p2 as EBS-only. A "d" among the option letters means instance
# storage (c5d, m5d, r5d, c6gd, m6id, r7gd, g4dn, p3dn, p4d, p4de); these families have it
# without one. inf1, inf2, p2, p3 and g3 are EBS-only.
_STORAGE_FAMILIES = frozenset(
    {
        "g5",
        "g6",
        "g6e",
        "gr6",
        "p5",
        "p5e",
        "p5en",
        "p6-b200",
        "p6-b300",
        "p6e-gb200",
        "trn1",
        "trn1n",
        "trn2",
        "dl1",
        "x1",
        "x1e",
        "h1",
    }
)
# Storage-optimised series: every family has instance store (i3, i3en, i4i, i4g, im4gn, d3, ...).
_STORAGE_SERIES = ("i", "im", "is", "d")


@dataclass(frozen=True)
class Family:
    """An instance family parsed from its name (``g4dn`` -> series g, generation 4, "dn")."""

    name: str
    series: str
    generation: int
    options: str


def family(instance_type: str) -> Family | None:
    """The family of ``ml.<family>.<size>`` (the ``ml.`` prefix is optional); None when the
    name is not of that shape."""
    parts = instance_type.strip().lower().removeprefix("ml.").split(".")
    if len(parts) != 2 or not parts[1]:
        return None
    m = _FAMILY.match(parts[0])
    if m is None:
        return None
    return Family(parts[0], m["series"], int(m["generation"]), m["options"])


def accelerator_class(instance_type: str) -> str | None:
    """The rubric's ``deployment.accelerator_class`` for an instance type: ``gpu`` (ml.g*,
    ml.p*, with NVIDIA GPUs), ``inferentia`` (ml.inf*), ``trainium`` (ml.trn*), ``graviton``
    (a "g" among the options after the generation: ml.c7g, ml.m6gd, ml.r8g), else ``cpu``
    (x86). None for a name that is not an instance type, or an accelerator outside those
    classes (Habana Gaudi, ml.dl1). ml.g4dn is a GPU: the series is read before the options."""
    fam = family(instance_type)
    if fam is None or fam.series in _OTHER_ACCELERATOR_SERIES:
        return None
    if fam.series in _GPU_SERIES:
        return "gpu"
    if fam.series in _SERIES_CLASS:
        return _SERIES_CLASS[fam.series]
    return "graviton" if "g" in fam.options else "cpu"


def has_instance_storage(instance_type: str) -> bool:
    """Whether the instance type has local NVMe instance storage, which SageMaker encrypts in
    hardware, never with a key of yours: editions of the CreateEndpointConfig reference say
    either that the call fails with a ``KmsKeyId`` ("do not specify a value for the KmsKeyId
    parameter") or that the key "does not encrypt instance local storage"; TransformResources
    refuses a ``VolumeKmsKeyId``. False for a name that is not an instance type."""
    fam = family(instance_type)
    if fam is None:
        return False
    return "d" in fam.options or fam.name in _STORAGE_FAMILIES or fam.series in _STORAGE_SERIES


# ---------------------------------------------------------------------- known instance types

NEW_TYPES_KEY = "new_instance_types"
"""The ``[workload]`` key listing instance types newer than the list below, accepted on purpose."""

ALLOW_HINT = f"if it is newer than mlprofile's list, add it to {NEW_TYPES_KEY} in [workload]"
"""How a file opts in to a type this list does not know (front ends with a dialog offer one)."""

_SHAPE = re.compile(r"ml\.[a-z0-9-]+\.[a-z0-9]+")


def _known() -> dict[str, tuple[str, ...]]:
    global _KNOWN
    if _KNOWN is None:
        from .sagemaker_instance_types import FAMILIES

        _KNOWN = {fam: tuple(sizes.split()) for fam, sizes in FAMILIES.items()}
    return _KNOWN


_KNOWN: dict[str, tuple[str, ...]] | None = None
_ALL: tuple[str, ...] | None = None


def known_instance_types() -> tuple[str, ...]:
    """Every SageMaker instance type the API model lists (``ml.m5.xlarge``, ...), sorted."""
    global _ALL
    if _ALL is None:
        _ALL = tuple(
            sorted(f"ml.{fam}.{size}" for fam, sizes in _known().items() for size in sizes)
        )
    return _ALL


def is_instance_type_shape(name: str) -> bool:
    """Whether ``name`` is written as an instance type: ``ml.<family>.<size>``, lower case."""
    return bool(_SHAPE.fullmatch(name))


def is_known_instance_type(name: str) -> bool:
    """Whether SageMaker's API lists ``name`` (exactly as written: ``ml.m5.xlarge``)."""
    parts = name.split(".")
    return len(parts) == 3 and parts[0] == "ml" and parts[2] in _known().get(parts[1], ())


def instance_type_problem(name: str) -> str | None:
    """Why ``name`` is not a SageMaker instance type this list knows, or None when it is.

    The message names the value, then either the sizes its family comes in (an unknown size:
    ``ml.m5.superhuge``) or the nearest known types (an unknown family or a malformed name),
    found with difflib. Says nothing of how to accept it anyway (see ``ALLOW_HINT``).
    """
    if is_known_instance_type(name):
        return None
    shown = repr(name) if len(name) <= 60 else repr(name[:57] + "...")
    if not is_instance_type_shape(name):
        what = (
            f"{shown} is not a SageMaker instance type (written ml.FAMILY.SIZE, e.g. ml.m5.xlarge)"
        )
    else:
        fam = name.split(".")[1]
        sizes = _known().get(fam)
        if sizes:
            return (
                f"{shown} is not a size SageMaker offers for ml.{fam}: it comes in "
                f"{', '.join(sizes)}"
            )
        what = f"{shown} is not a SageMaker instance type mlprofile knows (no family {fam!r})"
    near = nearest_instance_types(name)
    return what + (f"; nearest: {', '.join(near)}" if near else "")


def nearest_instance_types(name: str, n: int = 3) -> list[str]:
    """Up to ``n`` known instance types closest to ``name`` as text (difflib's ratio)."""
    import difflib

    text = name.strip().lower()
    if not text.startswith("ml."):
        text = "ml." + text
    return difflib.get_close_matches(text, known_instance_types(), n=n, cutoff=0.6)


def unknown_instance_types(names: Iterable[str], allowed: Iterable[str] = ()) -> list[str]:
    """The names that are neither known nor in ``allowed`` (a workload's opt-in), each once,
    in first-seen order."""
    ok = set(allowed)
    out: list[str] = []
    for name in names:
        if name not in ok and name not in out and not is_known_instance_type(name):
            out.append(name)
    return out


def matrix_instance_types(rows: Iterable[dict]) -> list[str]:
    """The instance types of a matrix's rows (normal form), each once, in row order."""
    return list(dict.fromkeys(r["instance_type"] for r in rows))
