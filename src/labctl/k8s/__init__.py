"""Kubernetes support shared by the kind backend and the `k8s` grading fixture.

Submodules stay light at import time: the kubernetes client and
kubernetes-validate are imported inside the functions that need them, so
`labctl --help` and `labctl list` never pay for them.

- `manifests`: parse rendered manifests, decorate them with labctl labels, CRD-safe apply order
- `schema`:    offline validation against the Kubernetes OpenAPI schema (kubernetes-validate)
- `api`:       clients bound to an env's kubeconfig; server-side apply with the dynamic client
- `wait`:      readiness of Deployments, StatefulSets and Jobs, with failing pods' events
- `inspect`:   read-only helpers the checks use (ready replicas, rollout history, services)
- `host`:      host settings kind needs (inotify limits), for `labctl doctor`
"""
