"""initiatives of the village model."""
