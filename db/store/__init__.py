"""The storage: the models, the engine and its transactions, the schema and its migrations, and
the row access every operation starts from (locked lookups, audit events, the lifecycle)."""
