import subprocess
import sys


def test_import_scoring_does_not_import_prefect():
    code = ("import sys, scoring, scoring.pipeline, scoring.cli, scoring.report; "
            "print('prefect' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"
