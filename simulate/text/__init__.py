"""Words: labels in Dutch and English, number formats and findings as titles and sentences."""
