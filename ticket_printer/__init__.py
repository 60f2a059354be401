"""Ticket printing: printer URLs, the ticket layout, ESC/POS jobs and PNG previews.

Nothing here imports Qt, so `walkin issue --print` and `walkin ticket-preview` use the very
same code as the kiosk and the front desk of the counter app.
"""
