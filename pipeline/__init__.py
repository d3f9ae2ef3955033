"""ofsted-findings: Ofsted children's services inspection reports into structured data."""

__version__ = "0.1.0"
