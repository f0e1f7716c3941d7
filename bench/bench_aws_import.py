"""Benchmark: AWS import of many endpoints, concurrent vs. sequential, and boto3-free start-up.

    python bench/bench_aws_import.py [--sizes 50,200] [--repeat 3]

Starts its own moto server on 127.0.0.1 (fake credentials in this process only), seeds N
endpoints, and imports them with the worker pool (default 4 workers) and with one worker (a
sequential loop), alternating, same server, same run. Operations moto does not implement
(Inference Recommender, CloudWatch percentiles) are answered by an empty recorded response, as
in the tests. ``--days 1`` because moto walks every empty minute of the window in Python.

Then the start time of a non-AWS command (``mlprofile score``) with boto3 importable and with
boto3 made unimportable: the AWS feature must cost nothing when unused.
Figures are medians; each is printed beside its baseline from this run, as a ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
EXAMPLE = REPO / "examples" / "fraud-scorer.mlprofile.toml"
ROLE = "arn:aws:iam::123456789012:role/SageMakerExecutionRole"
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"

from _moto import start_moto, stop_moto  # noqa: E402  (bench/ is the script's folder)


def seed(n: int, offset: int) -> list[str]:
    """N endpoints, each with its own model and artefact, as in a real account."""
    import boto3

    sm = boto3.client("sagemaker", region_name="us-east-1")
    s3 = boto3.client("s3", region_name="us-east-1")
    if offset == 0:
        s3.create_bucket(Bucket="bench-artifacts")
    names = []
    for i in range(offset, offset + n):
        name = f"bench-ep-{i:04d}"
        s3.put_object(Bucket="bench-artifacts", Key=f"{name}/model.tar.gz", Body=b"\0" * 1024)
        sm.create_model(
            ModelName=f"{name}-model",
            ExecutionRoleArn=ROLE,
            PrimaryContainer={
                "Image": IMAGE,
                "ModelDataUrl": f"s3://bench-artifacts/{name}/model.tar.gz",
            },
        )
        sm.create_endpoint_config(
            EndpointConfigName=f"{name}-cfg",
            ProductionVariants=[
                {
                    "VariantName": "AllTraffic",
                    "ModelName": f"{name}-model",
                    "InstanceType": "ml.m5.large",
                    "InitialInstanceCount": 1,
                }
            ],
        )
        sm.create_endpoint(EndpointName=name, EndpointConfigName=f"{name}-cfg")
        names.append(name)
    return names


def answer_gaps(rtt_ms: float) -> None:
    """Empty recorded answers for what moto lacks, so both runs measure the same calls; with
    ``rtt_ms``, every request first waits that long, as a network round trip to AWS would."""
    from botocore.awsrequest import AWSResponse

    from mlprofile_tui.aws import session as session_mod

    real = session_mod.new_boto3_session

    def remember(params, context, **_):
        context["bench_params"] = params

    def before_call(model, context, **_):
        ok = AWSResponse("https://recorded.invalid/", 200, {}, None)
        if model.name == "ListInferenceRecommendationsJobs":
            return ok, {"InferenceRecommendationsJobs": []}
        if model.name == "ListMonitoringSchedules":  # moto answers 500 (not implemented)
            return ok, {"MonitoringScheduleSummaries": []}
        if model.name == "GetMetricData":
            qs = context.get("bench_params", {}).get("MetricDataQueries", [])
            if any(q["MetricStat"]["Stat"].startswith("p") for q in qs):
                return ok, {
                    "MetricDataResults": [
                        {"Id": q["Id"], "Timestamps": [], "Values": [], "StatusCode": "Complete"}
                        for q in qs
                    ]
                }
        return None

    def make(aws_profile, region):
        s = real(aws_profile, region)
        s.events.register("before-parameter-build", remember)
        s.events.register("before-call", before_call)
        if rtt_ms:
            s.events.register("before-send", lambda **_: time.sleep(rtt_ms / 1000))
        return s

    session_mod.new_boto3_session = make


def time_import(path: Path, names: list[str], workers: int) -> float:
    from mlprofile_tui.aws.importer import plan_import, run_import_job

    plan = plan_import(path, names, region="us-east-1", days=1, max_workers=workers)
    t = time.perf_counter()
    result = run_import_job(plan)
    elapsed = time.perf_counter() - t
    if result.fatal or result.failed or result.unread:
        raise SystemExit(
            "import failed: "
            f"{result.fatal or {**{k: result.skipped[k] for k in result.failed}, **result.unread}}"
        )
    return elapsed


def _score_env(block_boto3: bool, tmp: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    paths = [str(REPO / "src")]
    if block_boto3:
        paths.insert(0, tmp)  # its sitecustomize makes boto3 and botocore unimportable
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


def time_commands(repeat: int) -> tuple[float, float]:
    """`mlprofile score` with and without boto3 importable, interleaved so noise hits both."""
    tmp = tempfile.mkdtemp()
    Path(tmp, "sitecustomize.py").write_text(
        "import sys\n"
        "class _NoBoto:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('boto3', 'botocore'):\n"
        "            raise ImportError(name + ' is not installed')\n"
        "sys.meta_path.insert(0, _NoBoto())\n"
    )
    cmd = [sys.executable, "-m", "mlprofile_tui.cli", "score", str(EXAMPLE)]
    times: dict[bool, list[float]] = {False: [], True: []}
    try:
        for _ in range(repeat):
            for blocked in (False, True):
                env = _score_env(blocked, tmp)
                t = time.perf_counter()
                subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, check=True, cwd=REPO)
                times[blocked].append(time.perf_counter() - t)
    finally:
        shutil.rmtree(tmp)
    return statistics.median(times[False]), statistics.median(times[True])


def time_import_boto3(repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import boto3"], check=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="50,200")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument(
        "--rtt-ms",
        type=float,
        default=0.0,
        help="simulated network round trip per request (moto on localhost has none)",
    )
    ap.add_argument("--no-startup", action="store_true", help="skip the start-up figures")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    proc, url = start_moto()
    os.environ.update(
        {
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": url,
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": os.devnull,
            "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        }
    )
    work = Path(tempfile.mkdtemp())
    try:
        answer_gaps(args.rtt_ms)
        names: list[str] = []
        rtt = f", {args.rtt_ms:g} ms simulated round trip per request" if args.rtt_ms else ""
        print(
            f"AWS import from moto_server ({os.cpu_count()} CPUs, client and server share them"
            f"{rtt}), median of {args.repeat}"
        )
        for n in sizes:
            names += seed(n - len(names), len(names))
            path = work / f"w{n}.mlprofile.toml"
            shutil.copyfile(EXAMPLE, path)
            time_import(path, names[:2], args.workers)  # warm: client creation, model loading
            conc, seq = [], []
            for _ in range(args.repeat):
                conc.append(time_import(path, names, args.workers))
                seq.append(time_import(path, names, 1))
            c, s = statistics.median(conc), statistics.median(seq)
            print(
                f"  {n:4d} endpoints: concurrent ({args.workers} workers) {c:6.2f} s   "
                f"sequential loop {s:6.2f} s   ratio {c / s:.2f} (speed-up {s / c:.2f}x)"
            )
    finally:
        stop_moto(proc)
        shutil.rmtree(work, ignore_errors=True)

    if args.no_startup:
        return
    reps = max(5, args.repeat * 3)
    with_boto3, without = time_commands(reps)
    boto3_cost = time_import_boto3(reps)
    print(f"`mlprofile score` start-up, median of {reps}:")
    print(
        f"  with boto3 importable {with_boto3 * 1000:6.0f} ms   "
        f"without boto3 {without * 1000:6.0f} ms   "
        f"ratio {with_boto3 / without:.2f}"
    )
    print(f"  for scale: `python -c 'import boto3'` takes {boto3_cost * 1000:.0f} ms")


if __name__ == "__main__":
    main()
