"""The speed benchmark behind `make bench`: reference views, their settings and the driver."""
