"""The codebook: YAML files, the code tree and its recorded evolution."""
