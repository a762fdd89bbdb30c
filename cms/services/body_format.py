"""Page bodies to and from the flat forms spreadsheets carry: plain text or HTML in, HTML out.

Export writes HTML that `html_to_body` reads back to the same blocks, so an exported file imports
back unchanged. HTML is split at its top-level elements into the block types an editor would use
(headings, numbered articles, paragraphs, tables); paragraph markup is cleaned by Wagtail's
rich-text whitelist so imported HTML can never carry scripts or styles.
"""

import html
import re

from bs4 import BeautifulSoup, NavigableString, Tag
from django.utils.html import escape, strip_tags
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from cms.blocks.content import RICH_TEXT_FEATURES
from cms.services.authoring import text_to_body

_LOOKS_LIKE_HTML = re.compile(r"<(p|div|h[1-6]|table|ul|ol|br|span|strong|b|em)\b", re.I)
_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇]+条")
_HEADING_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}


def body_from_source(source: str) -> list[dict]:
    """StreamField data for a body given as plain text or as HTML."""
    source = source or ""
    if _LOOKS_LIKE_HTML.search(source):
        return html_to_body(source)
    return text_to_body(source)


def html_to_body(source: str) -> list[dict]:
    converter = EditorHTMLConverter(features=RICH_TEXT_FEATURES)
    soup = BeautifulSoup(source, "html.parser")
    root = soup.body or soup
    blocks: list[dict] = []
    for node in root.children:
        if isinstance(node, NavigableString):
            text = str(node).strip()
            if text:
                blocks.append({"type": "paragraph", "value": f"<p>{escape(text)}</p>"})
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name.lower()
        text = node.get_text(" ", strip=True)
        if name in _HEADING_LEVELS:
            if text:
                level = _HEADING_LEVELS[name]
                blocks.append({"type": "heading", "value": {"text": text[:200], "level": level}})
        elif name == "table":
            rows = [
                [cell.get_text(" ", strip=True) for cell in row.find_all(["td", "th"])]
                for row in node.find_all("tr")
            ]
            if rows:
                blocks.append(
                    {
                        "type": "table",
                        "value": {
                            "data": rows,
                            "first_row_is_table_header": False,
                            "first_col_is_header": False,
                        },
                    }
                )
        elif name in {"script", "style"}:
            continue
        else:
            match = _ARTICLE.match(text)
            if match and name == "p":
                rest = text[match.end() :].strip()
                blocks.append(
                    {
                        "type": "article",
                        "value": {"number": match.group(0), "text": f"<p>{escape(rest)}</p>"},
                    }
                )
            elif text:
                markup = (
                    str(node) if name in {"p", "ul", "ol"} else f"<p>{node.decode_contents()}</p>"
                )
                blocks.append({"type": "paragraph", "value": converter.to_database_format(markup)})
    return blocks


def body_to_html(body) -> str:
    """HTML that `html_to_body` reads back into the same blocks (levels and tables included)."""
    parts: list[str] = []
    for block in body or []:
        value = block.value
        if block.block_type == "heading":
            level = value["level"] if value["level"] in {"h2", "h3", "h4"} else "h2"
            parts.append(f"<{level}>{escape(value['text'])}</{level}>")
        elif block.block_type == "article":
            parts.append(f"<p>{escape(value['number'])} {escape(_plain(value['text']))}</p>")
        elif block.block_type == "table":
            rows = (value or {}).get("data") or []
            cells = "".join(
                "<tr>" + "".join(f"<td>{escape(str(c or ''))}</td>" for c in row) + "</tr>"
                for row in rows
            )
            parts.append(f"<table>{cells}</table>")
        elif block.block_type == "paragraph":
            source = getattr(value, "source", str(value))
            parts.append(source if source.lstrip().startswith("<") else f"<p>{source}</p>")
        elif block.block_type == "note":
            parts.append(f"<p>{escape(_plain(value['text']))}</p>")
    return "".join(parts)


def _plain(value) -> str:
    source = getattr(value, "source", value) or ""
    return html.unescape(strip_tags(str(source))).strip()
