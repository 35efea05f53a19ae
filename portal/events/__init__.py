"""The events catalogue: webinars, well-being champion training and other events."""
