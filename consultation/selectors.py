"""Reads: the draft's articles, a page's public context, the column listing, staff lists."""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from consultation import rules
from consultation.filters import ConsultationListFilter, StaffCommentFilter
from consultation.models import MAIL_TOPIC, Comment, ConsultationFeedback, ConsultationPage
from lists.organisations import organisation
from portal.models import OutboxMessage, OutboxStatus


@dataclass
class DraftArticle:
    key: str  # StreamField block id: stable across revisions
    number: str  # 第三条
    anchor: str  # article-3
    ordinal: int
    chapter: str
    text: object  # RichText
    comment_count: int = 0
    published_comments: list = field(default_factory=list)


@dataclass
class DraftSection:
    kind: str  # "chapter", "article" or "paragraph"
    value: object
    article: DraftArticle | None = None


def draft_sections(page: ConsultationPage) -> list[DraftSection]:
    """The draft in reading order; articles numbered 1..n for their anchors."""
    sections: list[DraftSection] = []
    chapter = ""
    ordinal = 0
    for block in page.draft:
        if block.block_type == "chapter":
            chapter = " ".join(p for p in (block.value["number"], block.value["title"]) if p)
            sections.append(DraftSection("chapter", block.value))
        elif block.block_type == "article":
            ordinal += 1
            article = DraftArticle(
                key=block.id,
                number=block.value["number"],
                anchor=f"article-{ordinal}",
                ordinal=ordinal,
                chapter=chapter,
                text=block.value["text"],
            )
            sections.append(DraftSection("article", block.value, article))
        else:
            sections.append(DraftSection(block.block_type, block.value))
    return sections


def draft_articles(page: ConsultationPage) -> list[DraftArticle]:
    return [s.article for s in draft_sections(page) if s.article is not None]


def article_by_key(page: ConsultationPage, key: str) -> DraftArticle | None:
    return next((a for a in draft_articles(page) if a.key == key), None)


def article_comment_counts(page: ConsultationPage) -> dict[str, int]:
    """Comments received per article key ("" for the whole draft)."""
    rows = page.comments.values("article_key").annotate(n=Count("pk"))
    return {row["article_key"]: row["n"] for row in rows}


def published_comments(page: ConsultationPage) -> QuerySet[Comment]:
    """Comments shown to the public: only if the page publishes them, only once approved."""
    if not page.publish_comments:
        return Comment.objects.none()
    return page.comments.filter(moderation_status="approved").order_by("submitted_at", "pk")


def published_feedback(page: ConsultationPage) -> ConsultationFeedback | None:
    feedback = ConsultationFeedback.objects.filter(consultation=page).first()
    return feedback if feedback and feedback.published_at else None


def consultation_page_context(page: ConsultationPage, now: datetime | None = None) -> dict:
    now = now or timezone.now()
    sections = draft_sections(page)
    saved = page.pk is not None  # the editor's preview of a new page has no comments yet
    counts = article_comment_counts(page) if saved else {}
    shown = list(published_comments(page)) if saved else []
    by_article: dict[str, list[Comment]] = {}
    for comment in shown:
        by_article.setdefault(comment.article_key, []).append(comment)
    for section in sections:
        if section.article:
            section.article.comment_count = counts.get(section.article.key, 0)
            section.article.published_comments = by_article.get(section.article.key, [])
    feedback = published_feedback(page) if saved else None
    status = rules.consultation_status(
        opens_at=page.opens_at,
        closes_at=page.closes_at,
        feedback_published=feedback is not None,
        now=now,
    )
    return {
        "department": organisation(page.department_id),
        "sections": sections,
        "status": status,
        "status_label": rules.STATUS_LABELS[status],
        "accepting": status == rules.STATUS_OPEN,
        "countdown": rules.countdown(closes_at=page.closes_at, now=now)
        if status == rules.STATUS_OPEN
        else None,
        "opens_text": rules.moment_text(page.opens_at),
        "closes_text": rules.moment_text(page.closes_at, end=True),
        "period_length": rules.describe_length(rules.period_length(page.opens_at, page.closes_at)),
        "total_comments": sum(counts.values()),
        "whole_draft_count": counts.get("", 0),
        "whole_draft_comments": by_article.get("", []),
        "feedback": feedback,
        "feedback_reasons": not_adopted_reasons(page) if feedback else [],
        "attachments": page.attachments.select_related("document").all(),
    }


# Column listing ----------------------------------------------------------------------------


def _with_feedback(queryset: QuerySet) -> QuerySet:
    published = ConsultationFeedback.objects.filter(
        consultation=OuterRef("pk"), published_at__isnull=False
    )
    return queryset.annotate(has_feedback=Exists(published))


def consultation_list(
    params: Mapping[str, str], *, parent=None, now: datetime | None = None
) -> tuple[list[ConsultationPage], dict[str, object], list[str]]:
    """Live consultations, open ones first (closing soonest first), then not yet open, then
    closed ones (most recently closed first); filtered by year of opening and status.

    Returns the pages, the conditions applied and the messages about ignored values."""
    now = now or timezone.now()
    queryset = ConsultationPage.objects.live().public().select_related("department")
    if parent is not None:
        queryset = queryset.child_of(parent)
    listing = ConsultationListFilter(params, _with_feedback(queryset), now=now)
    pages = list(listing.qs)
    for page in pages:
        page.listing_status = rules.consultation_status(
            opens_at=page.opens_at,
            closes_at=page.closes_at,
            feedback_published=page.has_feedback,
            now=now,
        )
        page.listing_status_label = rules.STATUS_LABELS[page.listing_status]
    pages.sort(key=lambda p: _listing_key(p, now))
    return pages, listing.applied, listing.problems


def _listing_key(page: ConsultationPage, now: datetime) -> tuple:
    if page.opens_at <= now < page.closes_at:
        return (0, page.closes_at.timestamp(), page.pk)
    if now < page.opens_at:
        return (1, page.opens_at.timestamp(), page.pk)
    return (2, -page.closes_at.timestamp(), page.pk)


def listing_years() -> list[int]:
    dates = ConsultationPage.objects.live().public().datetimes("opens_at", "year", order="DESC")
    return [d.year for d in dates]


# Staff side -------------------------------------------------------------------------------


def staff_comment_list(
    page: ConsultationPage, params: Mapping[str, str]
) -> tuple[QuerySet[Comment], dict[str, object], list[str]]:
    """One consultation's comments for staff, filtered; with the conditions applied and the
    messages about ignored values."""
    stored_keys = page.comments.values_list("article_key", flat=True).distinct()
    comments = StaffCommentFilter(
        params,
        page.comments.all(),
        article_keys=[*(a.key for a in draft_articles(page)), *stored_keys],
    )
    return comments.qs.order_by("submitted_at", "pk"), comments.applied, comments.problems


def comments_exist_under(page) -> bool:
    """Whether the page or a consultation below it has received comments (they must be kept)."""
    affected = ConsultationPage.objects.descendant_of(page, inclusive=True)
    return Comment.objects.filter(consultation__in=affected).exists()


def failed_mail_count() -> int:
    """Consultation e-mails that the portal's mail queue could not send (yet, or at all)."""
    return OutboxMessage.objects.filter(
        topic=MAIL_TOPIC, status__in=[OutboxStatus.FAILED, OutboxStatus.GAVE_UP]
    ).count()


def comments_grouped_by_article(page: ConsultationPage) -> list[Comment]:
    """All comments in draft order: whole-draft comments first, then article by article,
    then comments on articles no longer in the draft; within a group by submission time."""
    order = {a.key: a.ordinal for a in draft_articles(page)}
    comments = list(page.comments.order_by("submitted_at", "pk"))

    def key(comment: Comment) -> tuple:
        if not comment.article_key:
            return (0, 0)
        return (1, order[comment.article_key]) if comment.article_key in order else (2, 0)

    return sorted(comments, key=key)


def normalized_contact(contact: str) -> str:
    value = (contact or "").strip().lower()
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits if "@" not in value and len(digits) >= 7 else value


def feedback_figures(page: ConsultationPage) -> dict[str, int]:
    """Counts published in 意见采纳情况, from the comments' dispositions."""
    comments = list(page.comments.all())
    by_disposition = Counter(c.disposition for c in comments)
    commenters = {normalized_contact(c.contact) or f"#{c.pk}" for c in comments}
    return {
        "comment_count": len(comments),
        "commenter_count": len(commenters),
        "adopted_count": by_disposition["adopted"],
        "partially_adopted_count": by_disposition["partially_adopted"],
        "not_adopted_count": by_disposition["not_adopted"],
        "undisposed_count": by_disposition[""],
    }


def not_adopted_reasons(page: ConsultationPage, limit: int = 10) -> list[dict]:
    """Reasons given for not adopting comments, most frequent first: the recurring opinions."""
    rows = (
        page.comments.filter(disposition="not_adopted")
        .exclude(disposition_reason="")
        .values("disposition_reason")
        .annotate(n=Count("pk"))
        .order_by("-n", "disposition_reason")[:limit]
    )
    return [{"reason": row["disposition_reason"], "count": row["n"]} for row in rows]
