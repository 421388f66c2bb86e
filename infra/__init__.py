"""Settings, logging, pools, cache and rate-limit backends."""
