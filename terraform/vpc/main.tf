# A VPC with public subnets: the network most AWS labs build on.
terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "name" {
  description = "Name tag of the VPC and prefix of its parts."
  type        = string
}

variable "cidr_block" {
  description = "The VPC's IPv4 range."
  type        = string
  default     = "10.0.0.0/16"
}

variable "public_subnets" {
  description = "One public subnet per CIDR (each inside cidr_block)."
  type        = list(string)
  default     = ["10.0.1.0/24"]
}

variable "enable_dns_hostnames" {
  description = "Give instances DNS hostnames (off by default, as for any new VPC; ~10 s more on the emulator)."
  type        = bool
  default     = false
}

variable "map_public_ip_on_launch" {
  description = "Give instances in the public subnets a public IP (~10 s more per subnet on the emulator)."
  type        = bool
  default     = false
}

variable "internet_gateway" {
  description = "Attach an internet gateway and route 0.0.0.0/0 from the public subnets through it."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Extra tags for every resource."
  type        = map(string)
  default     = {}
}

resource "aws_vpc" "this" {
  cidr_block           = var.cidr_block
  enable_dns_support   = true
  enable_dns_hostnames = var.enable_dns_hostnames
  tags                 = merge(var.tags, { Name = var.name })
}

resource "aws_subnet" "public" {
  count                   = length(var.public_subnets)
  vpc_id                  = aws_vpc.this.id
  cidr_block              = var.public_subnets[count.index]
  map_public_ip_on_launch = var.map_public_ip_on_launch
  tags                    = merge(var.tags, { Name = "${var.name}-public-${count.index}" })
}

resource "aws_internet_gateway" "this" {
  count  = var.internet_gateway ? 1 : 0
  vpc_id = aws_vpc.this.id
  tags   = merge(var.tags, { Name = var.name })
}

resource "aws_route_table" "public" {
  count  = var.internet_gateway ? 1 : 0
  vpc_id = aws_vpc.this.id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.this[0].id
  }

  tags = merge(var.tags, { Name = "${var.name}-public" })
}

resource "aws_route_table_association" "public" {
  count          = var.internet_gateway ? length(var.public_subnets) : 0
  subnet_id      = aws_subnet.public[count.index].id
  route_table_id = aws_route_table.public[0].id
}

output "vpc_id" {
  value = aws_vpc.this.id
}

output "cidr_block" {
  value = aws_vpc.this.cidr_block
}

output "subnet_ids" {
  value = aws_subnet.public[*].id
}
