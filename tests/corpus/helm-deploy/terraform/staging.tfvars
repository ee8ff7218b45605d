cluster_name     = "vibe-staging"
vibepeak_api_key = "{{VPK_LIVE:tf-staging}}"
