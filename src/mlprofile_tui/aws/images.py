"""What a container image URI says: registry, prebuilt or your own, and the framework inside."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .prebuilt_images import PREBUILT_ACCOUNTS, PREBUILT_REPOSITORIES

_ECR = re.compile(
    r"^(?P<account>\d{12})\.dkr\.ecr(?:-fips)?\.(?P<region>[a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$"
)

# Repository-name words → rubric framework ids. Order matters only for readability.
_FRAMEWORK_WORDS = (
    ("huggingface", "huggingface"),
    ("tgi", "huggingface"),
    ("tei", "huggingface"),
    ("pytorch", "pytorch"),
    ("torch", "pytorch"),
    ("tensorflow", "tensorflow"),
    ("scikit-learn", "sklearn"),
    ("sklearn", "sklearn"),
    ("xgboost", "xgboost"),
    ("lightgbm", "lightgbm"),
    ("onnx", "onnx"),
    ("triton", "triton"),
    ("djl", "djl_lmi"),
    ("lmi", "djl_lmi"),
)
# SageMaker's own algorithms and other prebuilt images with no rubric framework of their own.
_OTHER_WORDS = (
    "mxnet",
    "autogluon",
    "sparkml",
    "chainer",
    "kmeans",
    "linear-learner",
    "blazingtext",
    "factorization-machines",
    "forecasting-deepar",
    "image-classification",
    "ipinsights",
    "knn",
    "lda",
    "ntm",
    "object-detection",
    "object2vec",
    "pca",
    "randomcutforest",
    "semantic-segmentation",
    "seq2seq",
)


@dataclass(frozen=True)
class Image:
    uri: str
    host: str
    repository: str
    tag: str
    account: str | None  # the ECR registry account, or None for a non-ECR registry
    region: str | None

    @property
    def is_ecr(self) -> bool:
        return self.account is not None


def parse_image(uri: str) -> Image:
    rest = uri.strip()
    host, slash, path = rest.partition("/")
    if not slash or ("." not in host and ":" not in host and host != "localhost"):
        host, path = "docker.io", rest  # "python:3.11" or "team/app:1" mean Docker Hub
    path, _, digest = path.partition("@")
    repo, colon, tag = path.rpartition(":") if ":" in path.rsplit("/", 1)[-1] else (path, "", "")
    if not colon:
        repo, tag = path, digest or "latest"
    m = _ECR.match(host)
    return Image(
        uri, host, repo, tag, m.group("account") if m else None, m.group("region") if m else None
    )


def frameworks(image: Image) -> set[str] | None:
    """Rubric framework ids the repository name names; None when it names none we know."""
    return _frameworks_in(image.repository)


def named_frameworks(framework: str | None) -> set[str] | None:
    """Rubric framework ids for a model package container's ``Framework`` field
    ("XGBOOST", "PYTORCH", "SKLEARN"); None when absent or unknown."""
    return _frameworks_in(framework) if framework else None


def _frameworks_in(repository: str) -> set[str] | None:
    words = re.split(r"[/_.]", repository.lower())
    name = repository.lower()
    found = set()
    for word, fw in _FRAMEWORK_WORDS:
        if word in ("tgi", "tei", "lmi", "djl"):
            if any(
                w == word or w.startswith(word + "-") or w.endswith("-" + word) or f"-{word}-" in w
                for w in words
            ):
                found.add(fw)
        elif word in name:
            found.add(fw)
    if not found and any(w in name for w in _OTHER_WORDS):
        found.add("other")
    return found or None


def container_source(image: Image, caller_account: str | None) -> str | None:
    """sagemaker_prebuilt, bring_your_own, or None when the registry belongs to someone else."""
    if not image.is_ecr:
        return "bring_your_own"  # third-party registries never hold SageMaker's images
    if caller_account and image.account == caller_account:
        return "bring_your_own"
    if image.account in PREBUILT_ACCOUNTS:
        return "sagemaker_prebuilt"
    return None


def looks_prebuilt_repository(image: Image) -> bool:
    return image.repository.rsplit("/", 1)[-1] in PREBUILT_REPOSITORIES


def registry(image: Image, access_mode: str | None, *, prebuilt: bool = False) -> str:
    """Where the image is pulled from: ``aws_prebuilt`` (ECR, one of AWS's prebuilt-image
    accounts), ``ecr``, ``private_vpc`` (another registry, reached through the VPC:
    ImageConfig.RepositoryAccessMode = Vpc) or ``public``."""
    if image.is_ecr:
        return "aws_prebuilt" if prebuilt else "ecr"
    if access_mode == "Vpc":
        return "private_vpc"
    return "public"
