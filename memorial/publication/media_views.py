"""The one view that serves public media files, in every environment.

Every address under MEDIA_URL comes here: the path is checked for hostility, the publication gate
is asked whether the file may be fetched now, and only then is it served from the default storage,
with byte ranges so that visitors can seek in recordings (`memorial.core.ranged`). A file the gate
does not clear is a 404, exactly like a file that does not exist.
"""

from django.core.files.storage import default_storage
from django.http import Http404
from django.views.decorators.http import require_safe

from memorial.core import ranged

from . import gate


@require_safe
def public_media(request, path):
    name = ranged.safe_name(path)
    if name is None or not gate.file_is_public(name):
        raise Http404
    return ranged.serve(request, default_storage, name)
