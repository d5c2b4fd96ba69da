output "function_id" {
  value = oci_functions_function.responder.id
}

output "topic_id" {
  value = oci_ons_notification_topic.secops.id
}

output "policy_statements" {
  value = module.policy.statements
}

output "events_rule_condition" {
  value = module.policy.events_condition
}

output "next_step" {
  value = "Confirm the subscription email sent to ${var.secops_email}, then run: cg-responder doctor --topic ${oci_ons_notification_topic.secops.id}"
}
