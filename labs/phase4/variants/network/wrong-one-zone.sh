#!/usr/bin/env bash
# expect: fail
# why: both subnets in the first availability zone (names[0] twice)
# feedback: two different availability zones
# include: _lib/network.sh
AZ_INDEX_B=0
network_module
network_call
tf_apply
