"""The `walkin` command line: administration, scripting, and starting the apps."""
