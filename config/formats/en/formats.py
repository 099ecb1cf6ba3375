# English screens keep the dd/mm/yyyy dates used on every document of the portal;
# only the number separators are English.
from config.formats.vi.formats import *  # noqa: F401,F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
