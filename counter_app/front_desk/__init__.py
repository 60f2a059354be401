"""The front desk: the counter app's mode for the officer at the entrance ("meja informasi").

Issue a ticket on someone's behalf, check a booking in, look any ticket up (reprint, cancel on
request), and today's availability per service; for the front-desk and supervisor roles.
"""
