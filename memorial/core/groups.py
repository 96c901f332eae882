"""The names of the archive's role groups.

Any layer may ask whether a user is in a role (the Archivists read restricted material, for example)
by these names; what each role may do, and the groups themselves, are made by the moderation app
(``memorial.moderation.setup``).
"""

CONTRIBUTORS = "Contributors"
MODERATORS = "Moderators"
EDITORS = "Editors"
ARCHIVISTS = "Archivists"
ROLE_NAMES = [CONTRIBUTORS, MODERATORS, EDITORS, ARCHIVISTS]
