"""E-mail to the next task's group when the safety review starts (Wagtail's notifier, our task state)."""

from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier


class SafetyReviewSubmissionNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    def get_template_base_prefix(self, instance, **kwargs):
        return "task_state_"  # Wagtail's templates, not ones named after our subclass


safety_review_submission_notifier = SafetyReviewSubmissionNotifier()
