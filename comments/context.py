"""What the article page needs to show its comment section.

The article view calls ``comment_section(request, article)`` and merges the result
into its template context; ``templates/comments/section.html`` renders it. Keeping
both here lets the comments app grow (form, replies, reports) without touching the
article view.
"""

from comments.models import Comment


def comment_section(request, article) -> dict:
    comments = list(Comment.objects.approved().filter(article=article).select_related("author"))
    return {"comments": comments, "comment_count": len(comments)}
