"""When a public form cannot be saved because the database or the file store refuses the write.

A locked or read-only database, a full disk or an unwritable attachment directory are outages,
not mistakes of the person who typed the form. Views catch `SAVE_FAILURES` around the one service
call that stores the submission (the service's transaction has then rolled back, so nothing is
half-saved) and answer 503 with the bound form and `SAVE_FAILED_MESSAGE`: every typed field comes
back, only a chosen file has to be picked again (browsers never refill file inputs).
"""

import logging

from django.db import DatabaseError

logger = logging.getLogger("portal.outage")

SAVE_FAILURES: tuple[type[BaseException], ...] = (DatabaseError, OSError)
SAVE_FAILED_STATUS = 503
SAVE_FAILED_MESSAGE = (
    "系统暂时无法保存您的提交（数据库繁忙或存储暂不可写），本次提交未被受理。"
    "您填写的内容已保留在下方，请稍后再次提交。"
)
SAVE_FAILED_FILES_HINT = "如有附件，请重新选择后再提交。"


def save_failed_message(*, had_files: bool) -> str:
    """The Chinese message for the form, and a log line for the operators."""
    logger.exception("A public submission could not be stored")
    return SAVE_FAILED_MESSAGE + (SAVE_FAILED_FILES_HINT if had_files else "")
