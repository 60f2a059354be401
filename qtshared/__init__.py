"""Shared Qt helpers for the three apps: the kiosk, the counter app and the display board."""
