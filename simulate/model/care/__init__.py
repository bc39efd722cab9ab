"""care of the village model."""
