"""Password rule for staff accounts (等保 level 3): at least 10 characters from at least three of
the four character classes, so `taxportal`, `lowercaseonly` and `Abcdefgh` are all refused.

One validator with its own Chinese messages (Django's length validator has no complete Chinese
translation of its current message).
"""

from django.core.exceptions import ValidationError

CLASSES = (
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
    ("符号", lambda ch: not ch.isalnum() and not ch.isspace()),
)


class PasswordRuleValidator:
    def __init__(self, min_length: int = 10, min_classes: int = 3) -> None:
        self.min_length = min_length
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        errors = []
        if len(password) < self.min_length:
            errors.append(
                ValidationError(
                    f"密码至少需要 {self.min_length} 个字符。", code="password_too_short"
                )
            )
        present = sum(1 for _, test in CLASSES if any(test(ch) for ch in password))
        if present < self.min_classes:
            errors.append(ValidationError(self._classes_text(), code="password_too_simple"))
        if errors:
            raise ValidationError(errors)

    def _classes_text(self) -> str:
        names = "、".join(name for name, _ in CLASSES)
        return f"密码须至少包含{names}中的 {self.min_classes} 类。"

    def get_help_text(self) -> str:
        return f"密码至少需要 {self.min_length} 个字符；{self._classes_text()}"
