"""The one exception for a broken domain rule.

Services raise `RuleViolation` with a message written for the person who tried the action, in
Chinese ("当前状态为“已答复”，不能延期。"). It is a `ValidationError`, so forms attach it to a
field or to the form, Wagtail shows it when a publish is refused, and views never need to know
which app raised it. Parsing errors of typed input (a 发文字号, a search query) are separate.
"""

from django.core.exceptions import ValidationError


class RuleViolation(ValidationError):
    """A domain rule forbids what was asked; nothing has been changed."""

    def __init__(self, message: str, *, field: str | None = None, code: str = "rule") -> None:
        super().__init__({field: [message]} if field else message, code=code)
        self.field = field

    @property
    def text(self) -> str:
        """The message(s) as one line for flash messages and command output."""
        return "；".join(self.messages)
