"""What every configuration file of the system shares: reading TOML, the field types, one error.

The office file (`db.office_config`) and the apps' settings tables (`[kiosk]`, `[display]`,
`[front_desk]`) are described as dataclasses whose fields carry the types of `values`; pydantic
validates a parsed file against them (`files.validate`) and every mistake becomes one
`ConfigError` line: the file, the key path and what the key should be, e.g.
``office.toml: services[2].daily_quota: must be a positive whole number, got -5``.
The same dataclasses give the JSON Schemas shipped for editors (`walkin.schemas`).
"""
