#!/usr/bin/env bash
# expect: fail
# why: someone opened port 8080 on the web group by hand with the aws CLI, and the code was not changed back
# feedback: it plans
# needs: network, instance
set -euo pipefail
sg=$(cd infra && terraform state show -no-color module.network.aws_security_group.web | awk -F'"' '/^ *id *=/{print $2; exit}')
aws ec2 authorize-security-group-ingress --group-id "$sg" --protocol tcp --port 8080 --cidr 0.0.0.0/0 >/dev/null
