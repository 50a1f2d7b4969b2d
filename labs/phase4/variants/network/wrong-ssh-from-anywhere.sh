#!/usr/bin/env bash
# expect: fail
# why: SSH opened to 0.0.0.0/0 "until the admin network is known"
# feedback: SSH \(22\)
# feedback: 0\.0\.0\.0/0
# include: _lib/network.sh
SSH_FROM='"0.0.0.0/0"'
network_module
network_call
tf_apply
