"""Use cases and domain logic. Services validate, change models and flush; views commit."""
