"""Cache backends implementing ``domain.ports.Cache``."""
