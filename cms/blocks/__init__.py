from cms.blocks.content import (
    ArticleBlock,
    BaseStreamBlock,
    DocumentLinkBlock,
    HeadingBlock,
    ImageWithCaptionBlock,
    NoteBlock,
    PortalTableBlock,
)

__all__ = [
    "ArticleBlock",
    "BaseStreamBlock",
    "DocumentLinkBlock",
    "HeadingBlock",
    "ImageWithCaptionBlock",
    "NoteBlock",
    "PortalTableBlock",
]
