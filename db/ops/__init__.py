"""Running an office's database: applying the configuration, backups, PostgreSQL roles and the
change notifications the apps listen to."""
