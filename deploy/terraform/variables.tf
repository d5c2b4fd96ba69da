# Resource Manager fills tenancy_ocid, region and compartment_ocid itself; with the Terraform
# CLI, set them in terraform.tfvars (see README "Deploying").

variable "tenancy_ocid" {
  description = "The tenancy (root compartment): the dynamic group, the policy and the Events rule go here."
  type        = string
}

variable "region" {
  description = "Cloud Guard's reporting region: the Function, topic and Events rule are created here."
  type        = string
}

variable "home_region" {
  description = "The tenancy's home region, where IAM resources are written. null: same as region."
  type        = string
  default     = null
}

variable "compartment_ocid" {
  description = "Compartment for the Functions application, the Function and the SecOps topic."
  type        = string
}

variable "subnet_ocids" {
  description = "Subnet(s) of the Functions application; they need a route to the OCI services (a service gateway)."
  type        = list(string)
}

variable "image" {
  description = "The Function's image in OCIR, e.g. iad.ocir.io/<namespace>/cloudguard-responder:0.1.0 (README: build, push)."
  type        = string
}

variable "function_memory_mb" {
  description = "Memory of the Function; keep it equal to functions/cloudguard-responder/func.yaml."
  type        = number
  default     = 128
}

variable "function_timeout_seconds" {
  description = "300 s: Oracle's advice for functions Vault's secret rotation calls (docs/policy.md)."
  type        = number
  default     = 300
}

variable "secops_email" {
  description = "Address that receives the reports; OCI emails it a confirmation link first."
  type        = string
}

variable "allowed_vault_ocids" {
  description = "Vaults whose secrets the Function may write (CGR_ALLOWED_VAULT_OCIDS; the policy is scoped to them)."
  type        = list(string)
  default     = []
}

variable "allowed_compartment_ocids" {
  description = "Compartments whose secrets the Function may write (CGR_ALLOWED_COMPARTMENT_OCIDS)."
  type        = list(string)
  default     = []
}

variable "dynamic_group_name" {
  type    = string
  default = "cg-credential-responder"
}

variable "reopen_problems" {
  description = "CGR_REOPEN_PROBLEMS: reopen a problem after a failed rotation (adds the UpdateProblemStatus statement)."
  type        = bool
  default     = true
}

variable "prove_by_use" {
  description = "CGR_PROVE_BY_USE: prove new auth tokens and secret keys against Object Storage (adds the GetNamespace statement)."
  type        = bool
  default     = true
}

variable "version_hygiene" {
  description = "Allow ScheduleSecretVersionDeletion of the responder's old DEPRECATED versions (version hygiene, on in the Function by default)."
  type        = bool
  default     = true
}

variable "vault_rotation" {
  description = "Optional statement: let Vault's secret rotation invoke the Function."
  type        = bool
  default     = false
}

variable "extra_config" {
  description = "More CGR_* settings for the Function (README configuration table), e.g. CGR_LOG_LEVEL."
  type        = map(string)
  default     = {}
}
