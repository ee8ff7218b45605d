variable "vibepeak_api_key" {
  type      = string
  sensitive = true
}

resource "kubernetes_secret" "vibepeak" {
  metadata { name = "vibepeak" }
  data = { "api-key" = var.vibepeak_api_key }
}
