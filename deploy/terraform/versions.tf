terraform {
  required_version = ">= 1.3"
  required_providers {
    oci = {
      source  = "oracle/oci"
      version = ">= 5.0"
    }
  }
}

# Functions, the topic and the Events rule live in var.region (Cloud Guard's reporting region).
provider "oci" {
  region = var.region
}

# IAM writes go to the home region (OCI: "you must use the endpoint for your home region").
provider "oci" {
  alias  = "home"
  region = coalesce(var.home_region, var.region)
}
