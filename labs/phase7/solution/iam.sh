#!/bin/bash
# Reference solution of task iam (host, cwd = workspace; AWS_* and TF_* from labctl):
# Terraform in iam/ imports the team's AllowEverything inline policy and replaces it
# with a least-privilege one (a new name forces the old policy's deletion).
set -euo pipefail
cd iam

cat > main.tf <<TF
import {
  to = aws_iam_user_policy.service
  id = "${LAB_PARAM_SERVICE_USER}:AllowEverything"
}

data "aws_secretsmanager_secret" "db" {
  name = "inventory-api/db-password"
}

resource "aws_iam_user_policy" "service" {
  name = "inventory-api-least-privilege"
  user = "${LAB_PARAM_SERVICE_USER}"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ReadCatalogue"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = ["arn:aws:s3:::${LAB_PARAM_BUCKET}/catalog/*"]
      },
      {
        Sid      = "WriteReports"
        Effect   = "Allow"
        Action   = ["s3:PutObject"]
        Resource = ["arn:aws:s3:::${LAB_PARAM_BUCKET}/reports/*"]
      },
      {
        Sid      = "ReadDatabasePassword"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = [data.aws_secretsmanager_secret.db.arn]
      },
    ]
  })
}
TF

terraform init -input=false -no-color >/dev/null
terraform apply -auto-approve -input=false -no-color | tail -n 3
