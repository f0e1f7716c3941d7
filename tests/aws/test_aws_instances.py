"""The instance-family rules, over every instance type SageMaker hosting accepts (from botocore's
service model, so a new family is checked the day botocore ships it)."""

from __future__ import annotations

import botocore.session
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mlprofile_tui.core.instance_types import accelerator_class, family, has_instance_storage

HOSTING_TYPES = tuple(
    botocore.session.get_session()
    .get_service_model("sagemaker")
    .shape_for("ProductionVariantInstanceType")
    .enum
)
CLASSES = {"cpu", "graviton", "gpu", "inferentia", "trainium"}

# family -> (processor class, local NVMe instance storage), from the EC2 instance-type pages.
FAMILIES = {
    "t2": ("cpu", False),
    "m4": ("cpu", False),
    "c4": ("cpu", False),
    "c5": ("cpu", False),
    "c5d": ("cpu", True),
    "m5": ("cpu", False),
    "m5d": ("cpu", True),
    "r5": ("cpu", False),
    "r5d": ("cpu", True),
    "c6i": ("cpu", False),
    "c6in": ("cpu", False),
    "m6i": ("cpu", False),
    "m6id": ("cpu", True),
    "r6i": ("cpu", False),
    "c7i": ("cpu", False),
    "m7i": ("cpu", False),
    "r7i": ("cpu", False),
    "c6g": ("graviton", False),
    "c6gd": ("graviton", True),
    "c6gn": ("graviton", False),
    "m6g": ("graviton", False),
    "m6gd": ("graviton", True),
    "r6g": ("graviton", False),
    "r6gd": ("graviton", True),
    "c7g": ("graviton", False),
    "m7g": ("graviton", False),
    "r7g": ("graviton", False),
    "r7gd": ("graviton", True),
    "c8g": ("graviton", False),
    "m8g": ("graviton", False),
    "r8g": ("graviton", False),
    "g4dn": ("gpu", True),  # "g" is the series here, not Graviton
    "g5": ("gpu", True),
    "g6": ("gpu", True),
    "g6e": ("gpu", True),
    "gr6": ("gpu", True),
    "p2": ("gpu", False),
    "p3": ("gpu", False),
    "p3dn": ("gpu", True),
    "p4d": ("gpu", True),
    "p4de": ("gpu", True),
    "p5": ("gpu", True),
    "p5e": ("gpu", True),
    "p5en": ("gpu", True),
    "p6-b200": ("gpu", True),
    "p6e-gb200": ("gpu", True),
    "inf1": ("inferentia", False),
    "inf2": ("inferentia", False),
    "trn1": ("trainium", True),
    "trn1n": ("trainium", True),
    "trn2": ("trainium", True),
    "dl1": (None, True),  # Habana Gaudi: none of the rubric's classes
}


@pytest.mark.parametrize("fam, expected", sorted(FAMILIES.items()))
def test_family_table(fam, expected):
    name = f"ml.{fam}.xlarge"
    assert (accelerator_class(name), has_instance_storage(name)) == expected


@given(st.sampled_from(HOSTING_TYPES))
def test_every_hosting_instance_type_parses_and_classifies(instance_type):
    fam = family(instance_type)
    assert fam is not None and instance_type.startswith(f"ml.{fam.name}.")
    cls = accelerator_class(instance_type)
    if fam.series == "dl":
        assert cls is None
        return
    assert cls in CLASSES
    # The series decides accelerators; only a CPU series can be Graviton, by its options.
    assert (cls == "gpu") == (fam.series in ("g", "gr", "p"))
    assert (cls == "graviton") == (fam.series in ("c", "m", "r", "t", "x") and "g" in fam.options)
    if "d" in fam.options:
        assert has_instance_storage(instance_type)


@given(st.sampled_from(HOSTING_TYPES))
def test_the_table_knows_every_family_botocore_lists_or_the_rule_still_holds(instance_type):
    fam = family(instance_type)
    assert fam is not None
    if fam.name in FAMILIES:
        assert (accelerator_class(instance_type), has_instance_storage(instance_type)) == FAMILIES[
            fam.name
        ]


@pytest.mark.parametrize(
    "name", ["", "ml.", "g4dn", "ml.g4dn", "ml.g4dn.xlarge.extra", "serverless", "ml..xlarge"]
)
def test_names_that_are_not_instance_types(name):
    assert family(name) is None
    assert accelerator_class(name) is None
    assert has_instance_storage(name) is False


def test_without_the_ml_prefix_and_in_any_case():
    assert accelerator_class("C7G.Large") == "graviton"
    assert has_instance_storage("g5.xlarge")
