"""The content: records, YAML reading and the schema, loading and its cache, lookup by name, and the rules that
apply content to a visit (call-now signs, suggested questions)."""
