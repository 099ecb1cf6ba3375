"""Demonstration data: `seed_demo` and `seed_scale` and the data they load. Nothing at run time
imports it; it writes through the other apps' services."""
