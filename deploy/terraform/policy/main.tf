# The least-privilege policy, statement for statement the same as `cg-responder policy`
# (cli/policy/least-privilege-policy.ts). A test applies this module and compares its outputs
# with the generator's for several configurations, so the two cannot drift.
# No provider: it only computes strings, so it evaluates offline.
# Each statement follows a page of Oracle's policy reference: docs/policy.md lists them.

locals {
  subject  = var.group_name != null ? "group ${var.group_name}" : "dynamic-group ${var.dynamic_group_name}"
  vaults   = distinct(var.allowed_vault_ids)
  location = { for id in distinct(concat(var.allowed_compartment_ids, compact([var.function_compartment_id, var.topic_compartment_id]))) : id => startswith(id, "ocid1.tenancy.") ? "tenancy" : "compartment id ${id}" }

  secret_locations  = length(var.allowed_compartment_ids) == 0 ? ["tenancy"] : [for id in distinct(var.allowed_compartment_ids) : local.location[id]]
  vault_condition   = length(local.vaults) == 0 ? "" : (length(local.vaults) == 1 ? " where target.vault.id = '${local.vaults[0]}'" : " where any {${join(", ", [for id in local.vaults : "target.vault.id = '${id}'"])}}")
  function_location = var.function_compartment_id == null ? "tenancy" : local.location[var.function_compartment_id]
  # Notifications supports only the general variables: publishing is scoped by the topic's compartment.
  topic_location = var.topic_compartment_id == null ? "tenancy" : local.location[var.topic_compartment_id]

  # Vault invokes a rotation Function as the secret's resource principal (type vaultsecret): one
  # dynamic group per allowed compartment (a matching rule cannot nest), or one for the tenancy.
  secret_group_compartments = length(var.allowed_compartment_ids) == 0 || anytrue([for id in var.allowed_compartment_ids : startswith(id, "ocid1.tenancy.")]) ? [] : distinct(var.allowed_compartment_ids)
  secret_group_rules        = length(local.secret_group_compartments) == 0 ? ["ALL {resource.type = 'vaultsecret'}"] : [for id in local.secret_group_compartments : "ALL {resource.type = 'vaultsecret', resource.compartment.id = '${id}'}"]
  secret_groups             = [for index, rule in local.secret_group_rules : { name = index == 0 ? "${var.dynamic_group_name}-secrets" : "${var.dynamic_group_name}-secrets-${index + 1}", matching_rule = rule }]
  secret_subject            = "dynamic-group ${join(", ", [for group in local.secret_groups : group.name])}"

  user_permissions = ["USER_UPDATE", "USER_APIKEY_ADD", "USER_APIKEY_REMOVE", "USER_AUTHTOKEN_SET", "USER_AUTHTOKEN_REMOVE", "USER_SECRETKEY_ADD", "USER_SECRETKEY_REMOVE", "USER_UIPASS_RESET"]

  required = concat(
    [
      "Allow ${local.subject} to read users in tenancy",
      "Allow ${local.subject} to manage users in tenancy where any {${join(", ", [for p in local.user_permissions : "request.permission = '${p}'"])}}",
      "Allow ${local.subject} to inspect tenancies in tenancy",
    ],
    flatten([for where in local.secret_locations : [
      "Allow ${local.subject} to use secrets in ${where}${local.vault_condition}",
      "Allow ${local.subject} to inspect secret-versions in ${where}${local.vault_condition}",
      "Allow ${local.subject} to read secret-bundles in ${where}${local.vault_condition}",
    ]]),
    [
      "Allow ${local.subject} to use ons-topics in ${local.topic_location} where request.permission = 'ONS_TOPIC_PUBLISH'",
      # Reopening needs `use` (which includes `read`); no permission condition: the Cloud Guard page names none.
      "Allow ${local.subject} to ${var.reopen_problems ? "use" : "read"} cloud-guard-problems in tenancy",
      "Allow ${local.subject} to read cloud-guard-config in tenancy",
      "Allow service cloudEvents to use functions-family in ${local.function_location}",
    ],
  )

  prove = var.prove_by_use ? ["Allow ${local.subject} to read objectstorage-namespaces in tenancy"] : []
  hygiene = var.version_hygiene ? flatten([for where in local.secret_locations : (
    length(local.vaults) == 0
    ? ["Allow ${local.subject} to manage secret-versions in ${where} where request.permission = 'SECRET_VERSION_DELETE'"]
    : [for id in local.vaults : "Allow ${local.subject} to manage secret-versions in ${where} where all {request.permission = 'SECRET_VERSION_DELETE', target.vault.id = '${id}'}"]
  )]) : []
  rotation = var.vault_rotation ? [
    "Allow ${local.secret_subject} to use fn-invocation in ${local.function_location}",
    "Allow ${local.secret_subject} to read fn-function in ${local.function_location}",
  ] : []
  # Starting a rotation on demand is for a person's group, never the Function's dynamic group.
  rotate_on_demand = var.vault_rotation && var.group_name != null ? flatten([for where in local.secret_locations : (
    length(local.vaults) == 0
    ? ["Allow ${local.subject} to manage secrets in ${where} where request.permission = 'SECRET_ROTATE'"]
    : [for id in local.vaults : "Allow ${local.subject} to manage secrets in ${where} where all {request.permission = 'SECRET_ROTATE', target.vault.id = '${id}'}"]
  )]) : []
  # The doctor's reads are for a person's group (as `cg-responder policy --doctor` requires --group), never the Function's dynamic group.
  doctor = var.doctor && var.group_name != null ? [
    "Allow ${local.subject} to read ons-topics in ${local.topic_location}",
    "Allow ${local.subject} to inspect ons-subscriptions in ${local.topic_location}",
  ] : []
}

output "matching_rule" {
  value = "ALL {resource.id = '${var.function_id}'}"
}

output "vault_secret_dynamic_groups" {
  description = "With vault_rotation: the dynamic groups of secrets (resource.type vaultsecret) that may invoke the Function."
  value       = var.vault_rotation ? local.secret_groups : []
}

output "statements" {
  value = concat(local.required, local.prove, local.hygiene, local.rotation, local.rotate_on_demand, local.doctor)
}

output "events_condition" {
  value = jsonencode({
    data      = { additionalDetails = { problemName = ["API_KEY_TOO_OLD", "AUTH_TOKEN_TOO_OLD", "SECRET_KEY_TOO_OLD", "PASSWORD_TOO_OLD"] } }
    eventType = ["com.oraclecloud.cloudguard.problemremediated"]
  })
}
