# cloudguard-credential-responder: everything the Function needs in a tenancy, in one apply.
# Usable with the Terraform CLI and as an OCI Resource Manager stack (schema.yaml).

resource "oci_ons_notification_topic" "secops" {
  compartment_id = var.compartment_ocid
  name           = "cg-credential-responder-secops"
  description    = "Reports of the Cloud Guard credential responder"
}

# The recipient must confirm the email OCI sends; `cg-responder doctor` checks that it did.
resource "oci_ons_subscription" "secops_email" {
  compartment_id = var.compartment_ocid
  topic_id       = oci_ons_notification_topic.secops.id
  protocol       = "EMAIL"
  endpoint       = var.secops_email
}

resource "oci_functions_application" "responder" {
  compartment_id = var.compartment_ocid
  display_name   = "cg-credential-responder"
  subnet_ids     = var.subnet_ocids
}

resource "oci_functions_function" "responder" {
  application_id     = oci_functions_application.responder.id
  display_name       = "cloudguard-responder"
  image              = var.image
  memory_in_mbs      = var.function_memory_mb
  timeout_in_seconds = var.function_timeout_seconds
  config = merge(
    { CGR_TOPIC_OCID = oci_ons_notification_topic.secops.id },
    length(var.allowed_vault_ocids) > 0 ? { CGR_ALLOWED_VAULT_OCIDS = join(",", var.allowed_vault_ocids) } : {},
    length(var.allowed_compartment_ocids) > 0 ? { CGR_ALLOWED_COMPARTMENT_OCIDS = join(",", var.allowed_compartment_ocids) } : {},
    var.home_region != null ? { CGR_IDENTITY_REGION = var.home_region } : {},
    # The policy follows these two settings, so the Function must too.
    var.reopen_problems ? {} : { CGR_REOPEN_PROBLEMS = "false" },
    var.prove_by_use ? {} : { CGR_PROVE_BY_USE = "false" },
    var.extra_config,
  )
}

module "policy" {
  source                  = "./policy"
  function_id             = oci_functions_function.responder.id
  function_compartment_id = var.compartment_ocid
  topic_id                = oci_ons_notification_topic.secops.id
  topic_compartment_id    = var.compartment_ocid
  allowed_vault_ids       = var.allowed_vault_ocids
  allowed_compartment_ids = var.allowed_compartment_ocids
  dynamic_group_name      = var.dynamic_group_name
  reopen_problems         = var.reopen_problems
  prove_by_use            = var.prove_by_use
  version_hygiene         = var.version_hygiene
  vault_rotation          = var.vault_rotation
}

resource "oci_identity_dynamic_group" "responder" {
  provider       = oci.home
  compartment_id = var.tenancy_ocid
  name           = var.dynamic_group_name
  description    = "The cloudguard-credential-responder Function, and nothing else"
  matching_rule  = module.policy.matching_rule
}

# With vault_rotation: the secrets Vault's scheduled rotation acts as, which may invoke the Function.
resource "oci_identity_dynamic_group" "vault_secrets" {
  for_each       = { for group in module.policy.vault_secret_dynamic_groups : group.name => group.matching_rule }
  provider       = oci.home
  compartment_id = var.tenancy_ocid
  name           = each.key
  description    = "Vault secrets whose scheduled rotation may invoke the cloudguard-credential-responder Function"
  matching_rule  = each.value
}

# In the root compartment: IAM users live in the tenancy, a compartment policy cannot reach them.
resource "oci_identity_policy" "responder" {
  provider       = oci.home
  compartment_id = var.tenancy_ocid
  name           = "cg-credential-responder"
  description    = "Least privilege for the Cloud Guard credential responder (cg-responder policy)"
  statements     = module.policy.statements
  depends_on     = [oci_identity_dynamic_group.responder, oci_identity_dynamic_group.vault_secrets]
}

resource "oci_events_rule" "remediated" {
  compartment_id = var.tenancy_ocid
  display_name   = "cg-credential-responder"
  description    = "Cloud Guard problems about old IAM credentials, resolved by SecOps, to the responder Function"
  is_enabled     = true
  condition      = module.policy.events_condition
  actions {
    actions {
      action_type = "FAAS"
      is_enabled  = true
      function_id = oci_functions_function.responder.id
    }
  }
  depends_on = [oci_identity_policy.responder]
}
