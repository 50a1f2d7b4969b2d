"""labctl: a self-hosted hands-on lab orchestrator for DevOps and SRE learners."""

__version__ = "0.1.0"
