"""The Prometheus registry /metrics serves: this process's own figures and Tandem's.

A registry of its own rather than prometheus_client's global one, so nothing a
library registers there by chance is published.
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, GCCollector, PlatformCollector, ProcessCollector

from tandem.operations.figures import TandemCollector

REGISTRY = CollectorRegistry(auto_describe=False)
ProcessCollector(registry=REGISTRY)
PlatformCollector(registry=REGISTRY)
GCCollector(registry=REGISTRY)
REGISTRY.register(TandemCollector())
