cluster_name     = "vibe-prod"
vibepeak_api_key = "{{VPK_LIVE:tf-prod}}"
