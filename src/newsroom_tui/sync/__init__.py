"""Two-way sync with the office's feed server, local first.

UI-free: `engine.SyncEngine` is the state machine (push the outbox, pull
subscriptions, items and read/starred state), reporting through callbacks;
each server protocol is one module (`greader.py`, the Google Reader API).
"""
