"""Check a finished plan against the rules, from scratch.

This package deliberately shares no code with the models: it recomputes every total from the
catalogue and the menu and checks each rule as a person would read it.  A plan that breaks a
hard rule is never shown; a soft minimum that is not reached is reported as a shortfall.
``common`` holds the checks every plan shares, ``food`` the single-food plan's rules and
``menu`` the recipe week's.
"""

from .common import RELATIVE_TOLERANCE, Verification
from .food import Rules, verify
from .menu import MenuRules, verify_menu

__all__ = ["RELATIVE_TOLERANCE", "MenuRules", "Rules", "Verification", "verify", "verify_menu"]
