"""financing of the village model."""
