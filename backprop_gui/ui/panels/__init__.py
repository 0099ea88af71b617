"""Dock panels around the canvas."""
