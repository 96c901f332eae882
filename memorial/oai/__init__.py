"""OAI-PMH 2.0: the public records of the archive, for other archives and libraries to harvest."""
