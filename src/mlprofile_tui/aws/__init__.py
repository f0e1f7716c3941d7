"""Pre-fill a workload profile from a live AWS account, read-only (DESIGN.md §7).

The public API is in ``importer`` (``plan_import``, ``run_import_job``, ``write_import``) and
``quotas`` (``plan_quota_check``, ``run_quota_check``). Importing this package does not import
boto3; ``run_import_job`` and ``run_quota_check`` do, on first use.
"""
