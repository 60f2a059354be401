"""The phone companion: a small web server for the office LAN.

Each printed ticket's QR code opens `/t/{token}`, a live page of that ticket; `/` shows what the
waiting-room wall shows. Built on the core's read models (db.views.phone, db.views.queries) and
its one write for the public, the satisfaction survey (db.services.survey). Imports no Qt and none
of the other apps.
"""
