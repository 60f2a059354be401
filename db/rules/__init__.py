"""Pure rules: call order, opening hours, booking windows, workload, office time, PIN hashing and
the catalogue of words. Nothing here touches a database (an import-linter contract says so)."""
