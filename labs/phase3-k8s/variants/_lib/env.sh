# Shared by phase3-k8s's variants (run on the host; labctl exports the env's KUBECONFIG).
export KUBECONFIG="${KUBECONFIG:-$LABCTL_WORKSPACE/../kubeconfig}"
APP="$LAB_PARAM_APP_NAME"
NS="$LAB_PARAM_NAMESPACE"
V1=labctl/phase3-k8s-app:v1
V2=labctl/phase3-k8s-app:v2
wait_rollout() { kubectl -n "$NS" rollout status "deployment/$APP" --timeout=180s; }
