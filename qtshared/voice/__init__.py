"""Spoken output shared by the apps: number words, clip files, players and clip chains.

The display board announces calls and the kiosk guides an applicant by voice from the same
parts: `words` (pure: what a number or a ticket code sounds like, as clip names), `clips`
(finding, synthesizing and measuring clip files), `player` (one clip at a time, silent without
an audio device) and `chain` (a sequence of clips played back to back).
"""
