"""Many offices, one view: office databases replicated to a central PostgreSQL.

Each office keeps running on its own database. A publication there (`office`) carries the rows
the reports need, and nothing about officers' secrets, tokens or booking codes, to a central
cluster, where a subscription per office writes them into a database of that office's own
(`hub`): logical replication maps tables by schema-qualified name, so giving each office its own
database is what keeps identical ticket ids and numbers of different offices apart. The central
report (`report`) runs the office report unchanged in each office's database, side by side, and
adds the totals (`totals`). Nothing on the central side writes back into an office.
"""
