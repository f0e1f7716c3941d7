"""The core: rubric, workload file, scoring, compare, export.

Nothing in here imports a user interface (textual, questionary, rich) or boto3; a test
imports this package in a fresh interpreter and checks ``sys.modules`` to keep it so.
"""
