"""Page bodies from plain text: slugs and StreamField blocks for any content app."""

import re
import secrets

_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇]+条")
_ARTIFACT = re.compile(r"\[bookmark:[^\]]*\]")


def new_slug(prefix: str) -> str:
    """Chinese titles make no ASCII slug; a short random one keeps URLs stable and unique."""
    return f"{prefix}-{secrets.token_hex(5)}"


def text_to_body(text: str) -> list[dict]:
    """Paragraphs become paragraphs, 一、 lines headings and 第N条 lines numbered articles."""
    from django.utils.html import escape

    blocks: list[dict] = []
    for raw in text.splitlines():
        line = _ARTIFACT.sub("", raw).strip().lstrip("#").strip().replace("\u3000", "")
        if not line:
            continue
        if _HEADING.match(line) and len(line) <= 40:
            blocks.append({"type": "heading", "value": {"text": line, "level": "h2"}})
        elif _ARTICLE.match(line):
            number = _ARTICLE.match(line).group(0)
            rest = line[len(number) :].strip()
            blocks.append(
                {"type": "article", "value": {"number": number, "text": f"<p>{escape(rest)}</p>"}}
            )
        else:
            blocks.append({"type": "paragraph", "value": f"<p>{escape(line)}</p>"})
    return blocks
