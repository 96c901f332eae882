"""A mixin for admin views that show a sensitive record: each showing is one entry in the record."""

from . import services


class RecordsRead:
    """Put before an inspect or edit view class; ``audit_action`` names what reading it means."""

    audit_action = None

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        services.record(request.user, self.audit_action, self.object)
        return response
