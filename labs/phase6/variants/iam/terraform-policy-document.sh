#!/usr/bin/env bash
# expect: pass
# why: Terraform with aws_iam_policy_document data sources, a managed policy and an instance profile
set -euo pipefail
cd terraform
cat > iam.tf <<TF
data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "assets" {
  statement {
    sid       = "List"
    actions   = ["s3:ListBucket"]
    resources = ["arn:aws:s3:::$LAB_PARAM_BUCKET"]
  }
  statement {
    sid       = "Objects"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["arn:aws:s3:::$LAB_PARAM_BUCKET/*"]
  }
}

resource "aws_iam_role" "web" {
  name               = "$LAB_PARAM_ROLE_NAME"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_policy" "assets" {
  name   = "$LAB_PARAM_ROLE_NAME-assets"
  policy = data.aws_iam_policy_document.assets.json
}

resource "aws_iam_role_policy_attachment" "assets" {
  role       = aws_iam_role.web.name
  policy_arn = aws_iam_policy.assets.arn
}

resource "aws_iam_instance_profile" "web" {
  name = "$LAB_PARAM_ROLE_NAME"
  role = aws_iam_role.web.name
}
TF
terraform init -input=false -no-color >/dev/null
terraform apply -auto-approve -input=false -no-color >/dev/null
