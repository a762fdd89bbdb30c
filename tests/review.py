"""Test helper: complete a page's review chain (部门审核 → 保密审查, or the report's own), as
its reviewers would; editors' 发布 submits pages to it (条例第十七条, `cms.review`)."""


def approve_review(page, user):
    """Approve every task of the page's review chain, starting it if the editor has not."""
    page.refresh_from_db()
    state = page.current_workflow_state or page.get_workflow().start(page, user)
    while state.status == state.STATUS_IN_PROGRESS:
        task_state = state.current_task_state
        task_state.task.specific.on_action(task_state, user, "approve")
        state.refresh_from_db()
    page.refresh_from_db()
    return state
