"""The lab: what measures the product (`pipeline/`) and trains its models, run as `findings-lab`.
It reads the hand labels in tests/data and the corpus in ../shared; the product never imports it."""
