"""population of the village model."""
