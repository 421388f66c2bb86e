"""Pure core: models, ports, errors and services. Imports only the standard library."""
