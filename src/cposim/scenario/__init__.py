"""Scenario files (YAML or TOML): a preset plus overrides, validated once at the edge."""
