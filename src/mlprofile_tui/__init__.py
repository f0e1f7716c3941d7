"""mlprofile: capture, score and compare ML workload profiles.

For the AWS Well-Architected ML Lens, MLOE-05 / MLOPS02-BP02.
"""

__version__ = "0.1.0"
