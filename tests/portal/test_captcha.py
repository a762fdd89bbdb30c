"""One solved captcha files one form: a replayed answer is refused."""

from django import forms

from portal.antiabuse import AntiAbuseFormMixin, captcha_answer_is_valid, new_captcha


class CommentForm(AntiAbuseFormMixin):
    text = forms.CharField()


def _answer(question: str) -> str:
    a, b = question.split(" = ")[0].split(" + ")
    return str(int(a) + int(b))


def test_a_captcha_answer_is_accepted_once():
    question, token = new_captcha()
    assert captcha_answer_is_valid(token, _answer(question))
    assert not captcha_answer_is_valid(token, _answer(question))


def test_two_captchas_with_the_same_sum_are_different_tokens():
    assert len({new_captcha()[1] for _ in range(50)}) == 50


def test_a_replayed_form_is_refused(settings):
    settings.PORTAL_CAPTCHA_ENABLED = True
    question, token = new_captcha()
    data = {"text": "意见", "captcha_token": token, "captcha_answer": _answer(question)}
    assert CommentForm(data).is_valid()
    replay = CommentForm(data)
    assert not replay.is_valid()
    assert "验证码不正确或已过期" in replay.errors["captcha_answer"][0]


def test_a_wrong_answer_does_not_use_the_captcha_up(settings):
    question, token = new_captcha()
    assert not captcha_answer_is_valid(token, "99")
    assert captcha_answer_is_valid(token, _answer(question))
