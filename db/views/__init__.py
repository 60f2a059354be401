"""The read models: what the display, the counter app, the kiosk, the phone page and the reports
show, computed in the database and returned as plain frozen data."""
