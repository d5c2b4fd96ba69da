# The least-privilege policy, statement for statement the same as `cg-responder policy`
# (cli/policy/least-privilege-policy.ts). A test applies this module and compares its outputs
# with the generator's for several configurations, so the two cannot drift.
# No provider: it only computes strings, so it evaluates offline.

locals {
  subject  = var.group_name != null ? "group ${var.group_name}" : "dynamic-group ${var.dynamic_group_name}"
  vaults   = distinct(var.allowed_vault_ids)
  location = { for id in distinct(concat(var.allowed_compartment_ids, var.function_compartment_id == null ? [] : [var.function_compartment_id])) : id => startswith(id, "ocid1.tenancy.") ? "tenancy" : "compartment id ${id}" }

  secret_locations  = length(var.allowed_compartment_ids) == 0 ? ["tenancy"] : [for id in distinct(var.allowed_compartment_ids) : local.location[id]]
  vault_condition   = length(local.vaults) == 0 ? "" : (length(local.vaults) == 1 ? " where target.vault.id = '${local.vaults[0]}'" : " where any {${join(", ", [for id in local.vaults : "target.vault.id = '${id}'"])}}")
  function_location = var.function_compartment_id == null ? "tenancy" : local.location[var.function_compartment_id]

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
      "Allow ${local.subject} to use ons-topics in tenancy where all {request.permission = 'ONS_TOPIC_PUBLISH', target.topic.id = '${var.topic_id}'}",
      "Allow ${local.subject} to read cloud-guard-problems in tenancy",
      "Allow ${local.subject} to read cloud-guard-configuration in tenancy",
      "Allow service cloudEvents to use functions-family in ${local.function_location}",
    ],
  )

  reopen = var.reopen_problems ? ["Allow ${local.subject} to use cloud-guard-problems in tenancy where request.permission = 'CG_PROBLEM_UPDATE'"] : []
  prove  = var.prove_by_use ? ["Allow ${local.subject} to inspect objectstorage-namespaces in tenancy"] : []
  hygiene = var.version_hygiene ? flatten([for where in local.secret_locations : (
    length(local.vaults) == 0
    ? ["Allow ${local.subject} to manage secret-versions in ${where} where request.permission = 'SECRET_VERSION_DELETE'"]
    : [for id in local.vaults : "Allow ${local.subject} to manage secret-versions in ${where} where all {request.permission = 'SECRET_VERSION_DELETE', target.vault.id = '${id}'}"]
  )]) : []
  # assumed: the service name Vault's secret rotation uses to invoke a function target.
  rotation = var.vault_rotation ? ["Allow service vaultsecret to use functions-family in ${local.function_location}"] : []
  # Starting a rotation on demand is for a person's group, never the Function's dynamic group.
  rotate_on_demand = var.vault_rotation && var.group_name != null ? flatten([for where in local.secret_locations : (
    length(local.vaults) == 0
    ? ["Allow ${local.subject} to manage secrets in ${where} where request.permission = 'SECRET_ROTATE'"]
    : [for id in local.vaults : "Allow ${local.subject} to manage secrets in ${where} where all {request.permission = 'SECRET_ROTATE', target.vault.id = '${id}'}"]
  )]) : []
  doctor = var.doctor ? [
    "Allow ${local.subject} to read ons-topics in tenancy where target.topic.id = '${var.topic_id}'",
    "Allow ${local.subject} to inspect ons-subscriptions in tenancy",
  ] : []
}

output "matching_rule" {
  value = "ALL {resource.id = '${var.function_id}'}"
}

output "statements" {
  value = concat(local.required, local.reopen, local.prove, local.hygiene, local.rotation, local.rotate_on_demand, local.doctor)
}

output "events_condition" {
  value = jsonencode({
    data      = { additionalDetails = { problemName = ["API_KEY_TOO_OLD", "AUTH_TOKEN_TOO_OLD", "SECRET_KEY_TOO_OLD", "PASSWORD_TOO_OLD"] } }
    eventType = ["com.oraclecloud.cloudguard.problemremediated"]
  })
}
