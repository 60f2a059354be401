"""The core of the walk-in queue system: data model, engine set-up, queue operations.

Imports no Qt: the kiosk, counter app and display board are thin shells over this package.
"""
