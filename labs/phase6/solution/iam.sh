#!/bin/bash
# Reference solution of task iam (host, cwd = workspace): a role EC2 may assume, with an
# inline policy of exactly the app's three actions on exactly its bucket.
set -euo pipefail
cd terraform
cat > iam.tf <<TF
resource "aws_iam_role" "web" {
  name = "${LAB_PARAM_ROLE_NAME}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "web_assets" {
  name = "assets-read-write"
  role = aws_iam_role.web.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "ListTheBucket"
        Effect   = "Allow"
        Action   = ["s3:ListBucket"]
        Resource = ["arn:aws:s3:::${LAB_PARAM_BUCKET}"]
      },
      {
        Sid      = "ReadWriteObjects"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = ["arn:aws:s3:::${LAB_PARAM_BUCKET}/*"]
      },
    ]
  })
}
TF
terraform init -input=false -no-color >/dev/null
terraform apply -auto-approve -input=false -no-color | tail -n 1
