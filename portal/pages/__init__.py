"""Start page, information pages, the signed-in home and the health check."""
