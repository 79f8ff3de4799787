"""Entry point of the ETL job."""
import sys

import pipeline

if __name__ == "__main__":
    print(pipeline.run(sys.stdin.readlines()))
