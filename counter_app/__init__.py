"""The counter app: officers sign in at a counter ("loket") to call, serve and route applicants.

`desk` is the Qt-free model over the service layer; `controller` runs actions and tracks the
database link; the widgets (`window`, `signin`, `desk_page`, ...) only show it.
"""
