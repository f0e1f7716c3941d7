"""mlprofile: capture, score and compare ML workload profiles (AWS ML Lens MLOE-05 / MLOPS02-BP02)."""

__version__ = "0.1.0"
