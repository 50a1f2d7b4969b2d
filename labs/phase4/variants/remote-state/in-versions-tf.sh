#!/usr/bin/env bash
# expect: pass
# why: the backend block put where versions.tf says, inside its existing terraform {} block; init answers "yes" to copying the state
# needs: state-backend, network
set -euo pipefail
cd infra
python3 - <<'PY'
import os
text = open("versions.tf").read()
block = f'''  backend "s3" {{
    bucket         = "{os.environ['LAB_PARAM_STATE_BUCKET']}"
    key            = "{os.environ['LAB_PARAM_PROJECT']}/infra.tfstate"
    region         = "{os.environ['AWS_REGION']}"
    dynamodb_table = "{os.environ['LAB_PARAM_LOCK_TABLE']}"
    use_path_style = true
  }}
'''
text = text.replace('  # Task remote-state: the backend "s3" block goes here.\n', block)
open("versions.tf", "w").write(text)
PY
echo yes | terraform init -no-color -migrate-state >/dev/null
terraform apply -auto-approve -input=false -no-color >/dev/null
