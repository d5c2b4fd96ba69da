variable "function_id" {
  description = "OCID of the responder Function; the dynamic group matches exactly this resource."
  type        = string
}

variable "function_compartment_id" {
  description = "Compartment of the Function, where the Events (and Vault) services may invoke it. null: the tenancy."
  type        = string
  default     = null
}

variable "topic_id" {
  description = "The SecOps ONS topic (CGR_TOPIC_OCID)."
  type        = string
}

variable "topic_compartment_id" {
  description = "Compartment of the topic: Notifications has no per-topic condition, so publishing is scoped to it (keep the topic alone there). null: the tenancy."
  type        = string
  default     = null
}

variable "allowed_vault_ids" {
  description = "CGR_ALLOWED_VAULT_OCIDS: the vaults whose secrets the Function may write. Empty: any vault (wide)."
  type        = list(string)
  default     = []
}

variable "allowed_compartment_ids" {
  description = "CGR_ALLOWED_COMPARTMENT_OCIDS: the compartments whose secrets the Function may write. Empty: the tenancy."
  type        = list(string)
  default     = []
}

variable "dynamic_group_name" {
  type    = string
  default = "cg-credential-responder"
}

variable "group_name" {
  description = "Grant to this IAM group instead of the dynamic group (operators, the doctor)."
  type        = string
  default     = null
}

variable "reopen_problems" {
  description = "CGR_REOPEN_PROBLEMS: allow UpdateProblemStatus, to reopen a problem after a failed rotation."
  type        = bool
  default     = true
}

variable "prove_by_use" {
  description = "CGR_PROVE_BY_USE: allow GetNamespace, to prove new auth tokens and secret keys against Object Storage."
  type        = bool
  default     = true
}

variable "version_hygiene" {
  description = "Allow ScheduleSecretVersionDeletion of the responder's old DEPRECATED versions (version hygiene, on in the Function by default)."
  type        = bool
  default     = true
}

variable "vault_rotation" {
  description = "Optional: let the allowed compartments' secrets (resource principals of type vaultsecret) invoke the Function for Vault's scheduled rotation."
  type        = bool
  default     = false
}

variable "doctor" {
  description = "Optional: the reads cg-responder doctor needs (topic, subscriptions); granted only with group_name (an operator group), never to the Function."
  type        = bool
  default     = false
}
